package dev.countersign.authz.approval;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.countersign.authz.federation.TrustedIssuer;
import dev.countersign.core.AccessTokenHash;

/**
 * The access token a client holds while it asks for an action: whose it is, for which
 * client and resources, and its hash.
 *
 * @param subject the user ({@code sub})
 * @param clientId the client ({@code client_id})
 * @param audience the resources it is for ({@code aud})
 * @param hash base64url SHA-256 of the token, the action token's {@code ath}
 * @param authorizationId the authorization (grant) the token belongs to, or {@code null}
 * for a token of a trusted issuer
 * @param trustedIssuer the trusted issuer that issued it, or {@code null} for this server
 */
public record BaseToken(String subject, String clientId, List<String> audience, String hash,
		@Nullable String authorizationId, @Nullable TrustedIssuer trustedIssuer) {

	/**
	 * The issuer a subject of this token belongs to.
	 * @return the trusted issuer's identifier, or {@code null} for this server
	 */
	public @Nullable String subjectIssuer() {
		return (this.trustedIssuer != null) ? this.trustedIssuer.issuer() : null;
	}

	/**
	 * The {@code ath} of a token: base64url SHA-256 of its ASCII text, as RFC 9449
	 * section 4.2.
	 * @param tokenValue the token
	 * @return the hash
	 */
	public static String hashOf(String tokenValue) {
		return AccessTokenHash.of(tokenValue);
	}

}
