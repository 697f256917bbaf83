package dev.countersign.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The {@code ath} of an access token: base64url SHA-256 of its ASCII text, as
 * <a href="https://www.rfc-editor.org/rfc/rfc9449#section-4.2">RFC 9449 section 4.2</a> defines
 * it for DPoP.
 */
public final class AccessTokenHash {

	private AccessTokenHash() {
	}

	/**
	 * The hash of a token.
	 * @param tokenValue the token
	 * @return the base64url hash without padding
	 */
	public static String of(String tokenValue) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(tokenValue.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
