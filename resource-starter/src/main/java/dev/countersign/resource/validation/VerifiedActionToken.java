package dev.countersign.resource.validation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An action token whose signature, type, issuer, audience and lifetime were verified.
 *
 * @param jti the token id
 * @param subject the approving user
 * @param clientId the client it was issued to
 * @param accessTokenHash the {@code ath} binding it to a base token
 * @param approvalId the approval it came from
 * @param expiresAt its expiry
 * @param type the approved action type
 * @param parameters the approved parameters, as exact JSON values
 * @param fields the body members the request may carry, or {@code null}
 */
public record VerifiedActionToken(String jti, String subject, String clientId, String accessTokenHash,
		String approvalId, Instant expiresAt, String type, Map<String, JsonNode> parameters,
		@Nullable List<String> fields) {
}
