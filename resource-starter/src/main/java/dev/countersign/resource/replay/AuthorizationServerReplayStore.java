package dev.countersign.resource.replay;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.Messages;
import dev.countersign.core.StrictJson;
import dev.countersign.resource.client.AuthorizationServerClient;
import dev.countersign.resource.client.AuthorizationServerUnreachableException;
import dev.countersign.resource.validation.ActionTokenException;

/**
 * The default {@link ReplayStore}: the authorization server's
 * {@code POST /approvals/consume}, authoritative for every instance of every API and
 * audited there, called through the {@link AuthorizationServerClient}. Any failure to get
 * an answer is {@link ReplayStoreUnavailableException}. A token whose grant the
 * authorization server revoked is refused naming that ({@link ActionTokenException}); a
 * token it does not know, or of a resource this server does not serve, is simply not a
 * first use.
 */
public final class AuthorizationServerReplayStore implements ReplayStore {

	private final AuthorizationServerClient client;

	private final URI consumeEndpoint;

	public AuthorizationServerReplayStore(AuthorizationServerClient client, URI consumeEndpoint) {
		Assert.notNull(client, "client cannot be null");
		Assert.notNull(consumeEndpoint, "consumeEndpoint cannot be null");
		this.client = client;
		this.consumeEndpoint = consumeEndpoint;
	}

	@Override
	public boolean markUsed(String jti, Instant expiresAt) {
		ResponseEntity<String> response;
		JsonNode answer;
		try {
			response = this.client.post(this.consumeEndpoint, StrictJson.write(Map.of("jti", jti)), "consume endpoint");
			int status = response.getStatusCode().value();
			if (status == 404) {
				// an authorization server of an earlier version: a jti it never issued
				return false;
			}
			if (status != 200 || response.getBody() == null) {
				throw new ReplayStoreUnavailableException("the consume endpoint answered " + status);
			}
			answer = AuthorizationServerClient.read(response.getBody());
		}
		catch (AuthorizationServerUnreachableException ex) {
			throw new ReplayStoreUnavailableException(Messages.of(ex), ex);
		}
		JsonNode firstUse = answer.get("first_use");
		if (firstUse == null || !firstUse.isBoolean()) {
			throw new ReplayStoreUnavailableException("the consume endpoint answered without first_use");
		}
		JsonNode reason = answer.get("reason");
		if (!firstUse.asBoolean() && reason != null && "revoked".equals(reason.asString())) {
			throw new ActionTokenException("jti", "the grant of the base token was revoked");
		}
		return firstUse.asBoolean();
	}

}
