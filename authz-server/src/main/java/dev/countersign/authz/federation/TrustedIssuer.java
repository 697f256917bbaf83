package dev.countersign.authz.federation;

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
 */
public record TrustedIssuer(String name, String issuer, Set<String> audiences, String subjectClaim,
		@Nullable String clientClaim, boolean requireTypedTokens, Set<String> authorizationDetailsTypes) {

	public TrustedIssuer {
		Assert.hasText(name, "name cannot be empty");
		Assert.hasText(issuer, "issuer cannot be empty");
		Assert.notEmpty(audiences, "audiences cannot be empty");
		Assert.hasText(subjectClaim, "subjectClaim cannot be empty");
		audiences = Set.copyOf(audiences);
		authorizationDetailsTypes = Set.copyOf(authorizationDetailsTypes);
	}

}
