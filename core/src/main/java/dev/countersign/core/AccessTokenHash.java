package dev.countersign.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The {@code ath} of an access token: base64url SHA-256 of its ASCII text, as
 * <a href="https://www.rfc-editor.org/rfc/rfc9449#section-4.2">RFC 9449 section 4.2</a>
 * defines it for DPoP.
 */
public final class AccessTokenHash {

	/**
	 * Cloned for each hash: cheaper than looking the algorithm up among the providers.
	 */
	private static final MessageDigest SHA_256;

	static {
		try {
			SHA_256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private AccessTokenHash() {
	}

	/**
	 * A SHA-256 digest ready for use.
	 * @return a new digest
	 */
	public static MessageDigest sha256() {
		try {
			return (MessageDigest) SHA_256.clone();
		}
		catch (CloneNotSupportedException ex) {
			try {
				return MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException impossible) {
				throw new IllegalStateException(impossible);
			}
		}
	}

	/**
	 * The hash of a token.
	 * @param tokenValue the token
	 * @return the base64url hash without padding
	 */
	public static String of(String tokenValue) {
		byte[] digest = sha256().digest(tokenValue.getBytes(StandardCharsets.US_ASCII));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

}
