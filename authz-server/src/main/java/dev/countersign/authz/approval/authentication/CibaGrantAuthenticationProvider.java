package dev.countersign.authz.approval.authentication;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionTokenGenerator;
import dev.countersign.authz.approval.ApprovalLedger;
import dev.countersign.authz.approval.ApprovalSettings;
import dev.countersign.authz.approval.BackchannelRequest;
import dev.countersign.authz.approval.BackchannelRequests;
import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.core.ResourceIndicators;

/**
 * The OpenID CIBA grant at the token endpoint (CIBA Core 1.0 sections 10 and 11): the
 * {@code auth_req_id} of the authenticated client's own request, answered as a poll
 * ({@code authorization_pending}, {@code slow_down} in poll mode, {@code access_denied},
 * {@code expired_token}, {@code invalid_grant}) and redeemed once, on the approval row
 * locked for the time of the poll, so two redemptions at once cannot both succeed.
 * <p>
 * The token is what the approved type's routes accept: for a {@code jit} type a
 * transaction access token ({@link ActionTokenGenerator#TRANSACTION_TOKEN}: {@code txn},
 * the one entry, the type's lifetime), for a {@code grant} type an ordinary access token
 * carrying the entry, stored as an authorization like any other; with an ID token when
 * {@code openid} was asked.
 */
public final class CibaGrantAuthenticationProvider implements AuthenticationProvider {

	private final BackchannelRequests requests;

	private final ApprovedTokenIssuer issuer;

	private final ApprovalSettings settings;

	public CibaGrantAuthenticationProvider(ApprovalLedger ledger, ActionCatalog catalog, BackchannelRequests requests,
			OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator, OAuth2AuthorizationService authorizations,
			ApprovalSettings settings) {
		Assert.notNull(requests, "requests cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		this.requests = requests;
		this.issuer = new ApprovedTokenIssuer(ledger, catalog, tokenGenerator, authorizations);
		this.settings = settings;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		CibaGrantAuthenticationToken grant = (CibaGrantAuthenticationToken) authentication;
		if (!(grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken clientPrincipal)
				|| !clientPrincipal.isAuthenticated() || clientPrincipal.getRegisteredClient() == null) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
		}
		RegisteredClient client = Objects.requireNonNull(clientPrincipal.getRegisteredClient());
		if (!client.getAuthorizationGrantTypes().contains(BackchannelAuthenticationProvider.CIBA)) {
			throw refused(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
					"client " + client.getClientId() + " is not registered for the CIBA grant");
		}
		BackchannelRequest request = this.requests.findByAuthReqId(grant.getAuthReqId());
		if (request == null || !request.clientId().equals(client.getClientId())) {
			throw refused(OAuth2ErrorCodes.INVALID_GRANT, "auth_req_id is not one of this client's requests");
		}
		ApprovedTokenIssuer.Redemption redemption = redeem(grant, clientPrincipal, client, request);
		if (redemption.refusal() != null) {
			throw new OAuth2AuthenticationException(redemption.refusal());
		}
		return Objects.requireNonNull(redemption.tokens());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return CibaGrantAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private ApprovedTokenIssuer.Redemption redeem(CibaGrantAuthenticationToken grant,
			OAuth2ClientAuthenticationToken clientPrincipal, RegisteredClient client, BackchannelRequest request) {
		// a ping client is told when to ask; a poll client is held to the interval
		return this.issuer.redeem(request.approvalId(), request.ping() ? null : this.settings.interval(),
				"auth_req_id was already redeemed", (approval, type) -> {
					Map<String, Object> parameters = new LinkedHashMap<>(grant.getAdditionalParameters());
					parameters.put(ResourceIndicators.PARAMETER_NAME, type.resource());
					CibaGrantAuthenticationToken approved = new CibaGrantAuthenticationToken(grant.getAuthReqId(),
							clientPrincipal, parameters, List.of(approval.detail()));
					return this.issuer.issue(approval, type, clientPrincipal, request.scope(),
							BackchannelAuthenticationProvider.CIBA, approved, null);
				});
	}

	private static OAuth2Error error(String errorCode, String description) {
		return new OAuth2Error(errorCode, description, null);
	}

	private static OAuth2AuthenticationException refused(String errorCode, String description) {
		return new OAuth2AuthenticationException(error(errorCode, description));
	}

}
