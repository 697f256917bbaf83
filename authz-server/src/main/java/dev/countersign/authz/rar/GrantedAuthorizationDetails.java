package dev.countersign.authz.rar;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.Assert;

import dev.countersign.authz.catalog.InvalidAuthorizationDetailsException;
import dev.countersign.authz.token.ClientMetadata;
import dev.countersign.core.AuthorizationDetail;

/**
 * What a token may carry in its {@code authorization_details} claim
 * (<a href="https://www.rfc-editor.org/rfc/rfc9396#section-7">RFC 9396 section 7</a>):
 * <ul>
 * <li>client credentials: the entries asked for at the token endpoint, checked against
 * the catalog, the client's registered types and its {@link ClientCredentialsPolicy}: no
 * user granted them, so only what the registration allows;</li>
 * <li>authorization code and refresh token: the entries of the authorization request that
 * the user's stored consent holds (so a consent revoked since narrows the next refresh),
 * narrowed to the entries asked for at the token endpoint when the token request names
 * some — asking for one that was not granted is
 * {@code invalid_authorization_details};</li>
 * <li>a decoupled approval (OpenID CIBA, {@link ApprovedAuthorizationDetails}): the entry
 * the user approved.</li>
 * </ul>
 * A consent remembers each granted entry as an authority {@value #AUTHORITY_PREFIX}
 * followed by the base64url form of the entry's canonical JSON.
 */
public final class GrantedAuthorizationDetails {

	/** Prefix of the consent authorities that record granted entries. */
	public static final String AUTHORITY_PREFIX = "AUTHORIZATION_DETAIL_";

	private final RequestedAuthorizationDetails requested;

	private final OAuth2AuthorizationConsentService consents;

	private final ClientCredentialsPolicy clientCredentials;

	public GrantedAuthorizationDetails(RequestedAuthorizationDetails requested,
			OAuth2AuthorizationConsentService consents, ClientCredentialsPolicy clientCredentials) {
		Assert.notNull(requested, "requested cannot be null");
		Assert.notNull(consents, "consents cannot be null");
		Assert.notNull(clientCredentials, "clientCredentials cannot be null");
		this.requested = requested;
		this.consents = consents;
		this.clientCredentials = clientCredentials;
	}

	/**
	 * The consent authority recording that an entry was granted.
	 * @param detail the canonical entry
	 * @return the authority
	 */
	public static String authority(AuthorizationDetail detail) {
		return AUTHORITY_PREFIX + Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(detail.toJson().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Whether a consent holds an entry.
	 * @param consent the stored consent, or {@code null}
	 * @param detail the canonical entry
	 * @return {@code true} when the user granted it
	 */
	public static boolean isGranted(@Nullable OAuth2AuthorizationConsent consent, AuthorizationDetail detail) {
		if (consent == null) {
			return false;
		}
		String authority = authority(detail);
		for (GrantedAuthority granted : consent.getAuthorities()) {
			if (authority.equals(granted.getAuthority())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The entries an authorization request asked for.
	 * @param client the client
	 * @param request the authorization request
	 * @return the canonical entries; empty when it asked for none
	 * @throws InvalidAuthorizationDetailsException when they no longer fit the catalog
	 */
	public List<AuthorizationDetail> requestedAtAuthorization(RegisteredClient client,
			OAuth2AuthorizationRequest request) {
		return this.requested.check(request.getAdditionalParameters().get(RequestedAuthorizationDetails.PARAMETER_NAME),
				ClientMetadata.authorizationDetailsTypes(client));
	}

	/**
	 * The entries a token of this grant carries.
	 * @param client the client
	 * @param grantType the grant
	 * @param grant the token request, or {@code null}
	 * @param authorization the authorization the token belongs to, or {@code null}
	 * @return the canonical entries; empty when none
	 * @throws InvalidAuthorizationDetailsException when the token request asks for
	 * entries it may not have
	 */
	public List<AuthorizationDetail> forToken(RegisteredClient client, @Nullable AuthorizationGrantType grantType,
			@Nullable Authentication grant, @Nullable OAuth2Authorization authorization) {
		if (grant instanceof ApprovedAuthorizationDetails approved) {
			return approved.approvedAuthorizationDetails();
		}
		Object atTokenEndpoint = (grant instanceof OAuth2AuthorizationGrantAuthenticationToken token)
				? token.getAdditionalParameters().get(RequestedAuthorizationDetails.PARAMETER_NAME) : null;
		Set<String> allowedTypes = ClientMetadata.authorizationDetailsTypes(client);
		if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(grantType)) {
			List<AuthorizationDetail> asked = this.requested.check(atTokenEndpoint, allowedTypes);
			this.clientCredentials.check(client, asked);
			return asked;
		}
		if (!AuthorizationGrantType.AUTHORIZATION_CODE.equals(grantType)
				&& !AuthorizationGrantType.REFRESH_TOKEN.equals(grantType)) {
			if (atTokenEndpoint != null) {
				throw new InvalidAuthorizationDetailsException(
						"authorization_details is not supported with this grant type");
			}
			return List.of();
		}
		List<AuthorizationDetail> granted = grantedIn(client, authorization);
		if (atTokenEndpoint == null) {
			return granted;
		}
		List<AuthorizationDetail> narrowed = this.requested.check(atTokenEndpoint, allowedTypes);
		for (int i = 0; i < narrowed.size(); i++) {
			if (!granted.contains(narrowed.get(i))) {
				throw new InvalidAuthorizationDetailsException(
						"authorization_details[" + i + "] was not granted: a token request may narrow, never widen");
			}
		}
		return narrowed;
	}

	private List<AuthorizationDetail> grantedIn(RegisteredClient client, @Nullable OAuth2Authorization authorization) {
		if (authorization == null) {
			return List.of();
		}
		OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		if (request == null) {
			return List.of();
		}
		List<AuthorizationDetail> asked = requestedAtAuthorization(client, request);
		if (asked.isEmpty()) {
			return List.of();
		}
		OAuth2AuthorizationConsent consent = this.consents.findById(client.getId(), authorization.getPrincipalName());
		List<AuthorizationDetail> granted = new ArrayList<>();
		for (AuthorizationDetail detail : asked) {
			if (isGranted(consent, detail)) {
				granted.add(detail);
			}
		}
		return Collections.unmodifiableList(granted);
	}

}
