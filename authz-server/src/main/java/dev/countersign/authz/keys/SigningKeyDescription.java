package dev.countersign.authz.keys;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * What an administrator sees of a signing key: never the private part.
 *
 * @param kid the key id
 * @param algorithm the JWS algorithm
 * @param createdAt when it was made
 * @param activatesAt from when it signs
 * @param retiresAt from when it is no longer served
 * @param status {@code pending}, {@code active}, {@code retiring} or {@code retired}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SigningKeyDescription(String kid, String algorithm, @JsonProperty("created_at") Instant createdAt,
		@JsonProperty("activates_at") Instant activatesAt, @JsonProperty("retires_at") @Nullable Instant retiresAt,
		String status) {

	static SigningKeyDescription of(StoredSigningKey key, String signingKid, Instant now) {
		String status;
		if (!key.isServedAt(now)) {
			status = "retired";
		}
		else if (key.kid().equals(signingKid)) {
			status = "active";
		}
		else if (key.activatesAt().isAfter(now)) {
			status = "pending";
		}
		else {
			status = "retiring";
		}
		return new SigningKeyDescription(key.kid(), key.algorithm(), key.createdAt(), key.activatesAt(),
				key.retiresAt(), status);
	}

}
