package dev.countersign.authz.it;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.FreePorts;
import dev.countersign.test.HttpReceiver;
import dev.countersign.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notifications against real receivers on 127.0.0.1: a webhook receiver that verifies
 * each JWS with the server's JWK Set, down for the first attempts and across a restart of
 * the server, then up (delivered once it answers, nothing lost); and an SMTP server
 * (GreenMail) that receives the user's e-mail. Every attempt is audited.
 */
class NotificationIT {

	private static final String ISSUER = "https://as.countersign.test";

	private final HttpReceiver webhook = HttpReceiver.onFreePort();

	private final int smtpPort = FreePorts.next();

	private final GreenMail smtp = new GreenMail(
			new ServerSetup(this.smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

	private final String database = TestDatabase.createDatabase();

	@BeforeEach
	void startSmtp() {
		this.smtp.start();
	}

	@AfterEach
	void stopReceivers() {
		this.smtp.stop();
		this.webhook.close();
	}

	@Test
	void webhookWhenReceiverDownAcrossARestartThenDeliveredOnceItAnswersAndEmailSent() throws Exception {
		String approvalId;
		String approvalUri;
		try (RunningServer first = start()) {
			String baseToken = CodeFlow.accessToken(first.http(), "alice", "alice-password");
			approvalId = new ApprovalClient(first.http(), baseToken).createTransfer().get("approval_id").asString();
			approvalUri = ISSUER + "/approve/" + approvalId;
			JdbcTemplate jdbc = first.bean(JdbcTemplate.class);
			// refused at connect, retried with backoff, each attempt audited
			await(() -> events(jdbc, approvalId, "notification-failed") >= 2, "two failed webhook attempts");
			assertThat(events(jdbc, approvalId, "notification-delivered")).as("the e-mail").isEqualTo(1);
		}

		MimeMessage[] mails = this.smtp.getReceivedMessages();
		assertThat(mails).hasSize(1);
		assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo("alice@example.com");
		assertThat(mails[0].getSubject())
			.isEqualTo("Approval requested: Transfer 250 EUR from acc-1 to DE89370400440532013000");
		String text = GreenMailUtil.getBody(mails[0]);
		assertThat(text).contains(approvalUri).contains("Demo client").doesNotContain("eyJ");

		try (RunningServer second = start()) {
			this.webhook.start();
			HttpReceiver.Received call = this.webhook.next(Duration.ofSeconds(20));
			assertThat(call).as("the webhook after the restart").isNotNull();
			assertThat(call.header("Content-Type")).isEqualTo("application/jwt");
			JWTClaimsSet claims = verifyWithJwks(call.body(), second.baseUrl + "/oauth2/jwks");
			assertThat(claims.getStringClaim("approval_id")).isEqualTo(approvalId);
			assertThat(claims.getStringClaim("sub")).isEqualTo("alice");
			assertThat(claims.getStringClaim("display_text"))
				.isEqualTo("Transfer 250 EUR from acc-1 to DE89370400440532013000");
			assertThat(claims.getStringClaim("approval_uri")).isEqualTo(approvalUri);
			assertThat(claims.getLongClaim("expires_at")).isGreaterThan(Instant.now().getEpochSecond());
			assertThat(claims.getIssuer()).isEqualTo(ISSUER);
			assertThat(claims.getJWTID()).isNotBlank();

			JdbcTemplate jdbc = second.bean(JdbcTemplate.class);
			await(() -> events(jdbc, approvalId, "notification-delivered") == 2, "the webhook's delivery audited");
			assertThat(jdbc.queryForObject(
					"SELECT count(*) FROM notification_outbox WHERE approval_id = ? " + "AND delivered_at IS NULL",
					Integer.class, approvalId))
				.isZero();
		}
		assertThat(this.webhook.drain()).as("delivered once").isEmpty();
	}

	@Test
	void webhookWhenReceiverAnswersAnErrorThenRetriedAndTheSameJtiSentAgain() throws Exception {
		this.webhook.start();
		this.webhook.refuseNext(2);
		try (RunningServer server = start()) {
			String baseToken = CodeFlow.accessToken(server.http(), "bob", "bob-password");
			String approvalId = new ApprovalClient(server.http(), baseToken).createTransfer()
				.get("approval_id")
				.asString();
			List<HttpReceiver.Received> calls = new java.util.ArrayList<>();
			for (int i = 0; i < 3; i++) {
				HttpReceiver.Received call = this.webhook.next(Duration.ofSeconds(10));
				assertThat(call).as("attempt " + (i + 1)).isNotNull();
				calls.add(call);
			}
			assertThat(calls).extracting(HttpReceiver.Received::refused).containsExactly(true, true, false);
			String jwks = server.baseUrl + "/oauth2/jwks";
			// the same notification: one jti for every attempt, so receivers drop
			// duplicates
			assertThat(verifyWithJwks(calls.get(0).body(), jwks).getJWTID())
				.isEqualTo(verifyWithJwks(calls.get(2).body(), jwks).getJWTID());
			JdbcTemplate jdbc = server.bean(JdbcTemplate.class);
			await(() -> events(jdbc, approvalId, "notification-delivered") == 2, "webhook and e-mail delivered");
			assertThat(events(jdbc, approvalId, "notification-failed")).isEqualTo(2);
		}
	}

	private RunningServer start() {
		return RunningServer.start("demo,it", "--spring.datasource.url=" + this.database,
				"--spring.security.oauth2.authorizationserver.issuer=" + ISSUER,
				"--countersign.notifications.webhook-url=" + this.webhook.url("/hooks/approvals"),
				"--countersign.notifications.initial-backoff=200ms", "--countersign.notifications.max-backoff=400ms",
				"--countersign.notifications.poll-interval=100ms", "--countersign.notifications.timeout=2s",
				"--spring.mail.host=127.0.0.1", "--spring.mail.port=" + this.smtpPort);
	}

	private static JWTClaimsSet verifyWithJwks(String jws, String jwksUrl) throws Exception {
		JWKSource<SecurityContext> keys = JWKSourceBuilder.create(URI.create(jwksUrl).toURL()).build();
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor
			.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("approval-notification+jwt")));
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
				com.nimbusds.jose.JWSAlgorithm.Family.RSA.stream().collect(java.util.stream.Collectors.toSet()), keys));
		return processor.process(jws, null);
	}

	private static int events(JdbcTemplate jdbc, String approvalId, String event) {
		Integer count = jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE approval_id = ? AND event = ?",
				Integer.class, approvalId, event);
		return (count != null) ? count : 0;
	}

	private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(20);
		while (!condition.get()) {
			assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
			Thread.sleep(50);
		}
	}

}
