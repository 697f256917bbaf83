package dev.countersign.authz.federation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.util.Assert;

/**
 * The clients Countersign signs users in with at the trusted issuers, one registration
 * per issuer that configures {@code client-id}, named as the entry: built from the
 * issuer's discovered metadata on first use (so an issuer that is down at start-up does
 * not stop the server), with PKCE and the scopes {@code openid} and {@code profile}.
 */
public final class TrustedIssuerClientRegistrations implements ClientRegistrationRepository {

	private final TrustedIssuers issuers;

	private final Map<String, ClientRegistration> registrations = new ConcurrentHashMap<>();

	public TrustedIssuerClientRegistrations(TrustedIssuers issuers) {
		Assert.notNull(issuers, "issuers cannot be null");
		this.issuers = issuers;
	}

	/**
	 * The registration of a trusted issuer.
	 * @param registrationId the entry's name
	 * @return the registration, or {@code null} when the entry signs no users in
	 * @throws IssuerUnavailableException when the issuer cannot be read now
	 */
	@Override
	public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
		ClientRegistration known = this.registrations.get(registrationId);
		if (known != null) {
			return known;
		}
		TrustedIssuer issuer = this.issuers.named(registrationId);
		String clientId = (issuer != null) ? issuer.clientId() : null;
		if (issuer == null || clientId == null) {
			return null;
		}
		ClientRegistration registration = ClientRegistrations.fromOidcConfiguration(this.issuers.metadata(issuer))
			.registrationId(registrationId)
			.clientId(clientId)
			.clientSecret(issuer.clientSecret())
			.scope("openid", "profile")
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
			.build();
		this.registrations.put(registrationId, registration);
		return registration;
	}

}
