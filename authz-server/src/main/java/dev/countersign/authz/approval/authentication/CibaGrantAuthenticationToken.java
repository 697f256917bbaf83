package dev.countersign.authz.approval.authentication;

import java.io.Serial;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.util.Assert;

import dev.countersign.authz.rar.ApprovedAuthorizationDetails;
import dev.countersign.core.AuthorizationDetail;

/**
 * A token request of the OpenID CIBA grant (CIBA Core 1.0 section 10.1): the
 * {@code auth_req_id} of a backchannel authentication request, redeemed by the client
 * that made it.
 */
public final class CibaGrantAuthenticationToken extends OAuth2AuthorizationGrantAuthenticationToken
		implements ApprovedAuthorizationDetails {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String authReqId;

	private final transient List<AuthorizationDetail> approved;

	/**
	 * A token request.
	 * @param authReqId the {@code auth_req_id}
	 * @param clientPrincipal the authenticated client
	 * @param additionalParameters the other parameters
	 */
	public CibaGrantAuthenticationToken(String authReqId, Authentication clientPrincipal,
			Map<String, Object> additionalParameters) {
		this(authReqId, clientPrincipal, additionalParameters, List.of());
	}

	/**
	 * A token request whose approval was found, as the token's customizers see it.
	 * @param authReqId the {@code auth_req_id}
	 * @param clientPrincipal the authenticated client
	 * @param additionalParameters the other parameters
	 * @param approved the approved entries
	 */
	public CibaGrantAuthenticationToken(String authReqId, Authentication clientPrincipal,
			Map<String, Object> additionalParameters, List<AuthorizationDetail> approved) {
		super(BackchannelAuthenticationProvider.CIBA, clientPrincipal, additionalParameters);
		Assert.hasText(authReqId, "authReqId cannot be empty");
		this.authReqId = authReqId;
		this.approved = List.copyOf(approved);
	}

	@Override
	public List<AuthorizationDetail> approvedAuthorizationDetails() {
		return this.approved;
	}

	public String getAuthReqId() {
		return this.authReqId;
	}

}
