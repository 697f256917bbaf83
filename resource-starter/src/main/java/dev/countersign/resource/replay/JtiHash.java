package dev.countersign.resource.replay;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.countersign.core.AccessTokenHash;

/**
 * What the replay stores keep of a {@code jti}: its SHA-256, so a store never holds the
 * id itself and every key has the same size.
 */
final class JtiHash {

	private JtiHash() {
	}

	static String of(String jti) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(AccessTokenHash.sha256().digest(jti.getBytes(StandardCharsets.UTF_8)));
	}

}
