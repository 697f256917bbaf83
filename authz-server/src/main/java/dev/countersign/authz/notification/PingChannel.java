package dev.countersign.authz.notification;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.StrictJson;

/**
 * The OpenID CIBA ping (CIBA Core 1.0 section 10.2): POSTs {@code {"auth_req_id": …}} to
 * the client's registered notification endpoint with its
 * {@code client_notification_token} as the bearer token; any 2xx answer is a delivery.
 */
public final class PingChannel implements NotificationChannel {

	private final RestClient rest;

	public PingChannel(RestClient rest) {
		Assert.notNull(rest, "rest cannot be null");
		this.rest = rest;
	}

	@Override
	public Kind kind() {
		return Kind.PING;
	}

	@Override
	public void deliver(Notification notification) {
		JsonNode payload = StrictJson.read(notification.payload());
		String authReqId = payload.get("auth_req_id").asString();
		String token = payload.get("client_notification_token").asString();
		this.rest.post()
			.uri(notification.recipient())
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.body(StrictJson.write(Map.of("auth_req_id", authReqId)))
			.retrieve()
			.toBodilessEntity();
	}

}
