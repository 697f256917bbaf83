package dev.countersign.authz.approval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * The access token a client holds while it asks for an action: whose it is, for which client
 * and resources, and its hash.
 *
 * @param subject the user ({@code sub})
 * @param clientId the client ({@code client_id})
 * @param audience the resources it is for ({@code aud})
 * @param hash base64url SHA-256 of the token, the action token's {@code ath}
 */
public record BaseToken(String subject, String clientId, List<String> audience, String hash) {

	/**
	 * The {@code ath} of a token: base64url SHA-256 of its ASCII text, as RFC 9449 section 4.2.
	 * @param tokenValue the token
	 * @return the hash
	 */
	public static String hashOf(String tokenValue) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(tokenValue.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
