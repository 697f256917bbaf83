package dev.countersign.authz.federation;

import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * An identity provider whose access tokens the approval endpoints accept as base tokens
 * ({@code countersign.federation.issuers.<name>}).
 *
 * @param name the entry's name, for messages
 * @param issuer the issuer identifier, exactly as its tokens' {@code iss}
 * @param audiences the audiences a base token must name one of
 * @param subjectClaim the claim that names the user
 * @param clientClaim the claim that names the client, or {@code null} for
 * {@code client_id}, else {@code azp}
 * @param requireTypedTokens whether the JOSE header must say {@code at+jwt} (RFC 9068)
 * @param authorizationDetailsTypes the action types its clients may ask for
 * @param clientId the client Countersign signs users in with at this issuer, or
 * {@code null} when users are not signed in there
 * @param clientSecret its secret, or {@code null}
 * @param introspectionCache how long the issuer's answer that a base token is active is
 * kept (RFC 7662, with the client above), or {@code null} to trust the signature and
 * lifetime alone
 */
public record TrustedIssuer(String name, String issuer, Set<String> audiences, String subjectClaim,
		@Nullable String clientClaim, boolean requireTypedTokens, Set<String> authorizationDetailsTypes,
		@Nullable String clientId, @Nullable String clientSecret, @Nullable Duration introspectionCache) {

	public TrustedIssuer {
		Assert.hasText(name, "name cannot be empty");
		Assert.hasText(issuer, "issuer cannot be empty");
		Assert.notEmpty(audiences, "audiences cannot be empty");
		Assert.hasText(subjectClaim, "subjectClaim cannot be empty");
		audiences = Set.copyOf(audiences);
		authorizationDetailsTypes = Set.copyOf(authorizationDetailsTypes);
	}

	/**
	 * Whether the approval page signs this issuer's users in at the issuer.
	 * @return {@code true} when a client is configured for it
	 */
	public boolean signsUsersIn() {
		return this.clientId != null;
	}

	@Override
	public String toString() {
		return "TrustedIssuer[" + this.name + ", " + this.issuer + "]";
	}

}
