package dev.countersign.authz.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.StrictJson;
import dev.countersign.core.TokenTypes;

/**
 * POSTs a new approval to the deployment's webhook as a JWS signed with the server's
 * active key ({@code typ} {@code approval-notification+jwt}, {@code application/jwt}),
 * verifiable with the server's JWK Set. Its {@code jti} is the same on every attempt, so
 * a receiver drops duplicates by it. Any 2xx answer is a delivery.
 */
public final class WebhookChannel implements NotificationChannel {

	private final RestClient rest;

	private final JwtEncoder encoder;

	private final String issuer;

	private final String algorithm;

	private final Clock clock;

	/**
	 * Creates the channel.
	 * @param rest the HTTP client, with its timeouts
	 * @param encoder signs with the server's active key
	 * @param issuer this server's issuer identifier
	 * @param algorithm the active key's algorithm
	 * @param clock the clock
	 */
	public WebhookChannel(RestClient rest, JwtEncoder encoder, String issuer, String algorithm, Clock clock) {
		Assert.notNull(rest, "rest cannot be null");
		Assert.notNull(encoder, "encoder cannot be null");
		Assert.hasText(issuer, "issuer cannot be empty");
		this.rest = rest;
		this.encoder = encoder;
		this.issuer = issuer;
		this.algorithm = algorithm;
		this.clock = clock;
	}

	@Override
	public Kind kind() {
		return Kind.WEBHOOK;
	}

	@Override
	public void deliver(Notification notification) {
		JsonNode payload = StrictJson.read(notification.payload());
		Instant now = this.clock.instant();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(this.issuer)
			.issuedAt(now)
			.id("notification-" + notification.id())
			.audience(java.util.List.of(notification.recipient()))
			.claim("event", "approval.requested");
		for (Map.Entry<String, JsonNode> member : payload.properties()) {
			claims.claim(member.getKey(), StrictJson.toValue(member.getValue()));
		}
		SignatureAlgorithm signing = SignatureAlgorithm.from(this.algorithm);
		Assert.state(signing != null, "unknown signing algorithm " + this.algorithm);
		JwsHeader header = JwsHeader.with(signing).type(TokenTypes.APPROVAL_NOTIFICATION).build();
		String jws = this.encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
		this.rest.post()
			.uri(notification.recipient())
			.contentType(new MediaType("application", "jwt"))
			.body(jws)
			.retrieve()
			.toBodilessEntity();
	}

}
