package dev.countersign.e2e;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import dev.countersign.resource.web.TransactionChallengeIssuer;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.HeadlessChromium;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * draft-rosomakho-oauth-txn-challenge-00 end to end over HTTP: the demo API answers a
 * transfer without approval, asked with {@code Accept-Txn-Challenge: ?1}, with a signed
 * challenge; the client presents it at the transaction authorization endpoint; alice
 * approves in headless Chromium; the client polls for the transaction access token, which
 * the API accepts for the transfer once. A challenge with a changed parameter, a foreign
 * signature, an expired one, one used twice and one of a resource the catalog does not
 * know are each refused with nothing stored.
 */
class TransactionChallengeIT {

	private static final Pattern CHALLENGE = Pattern.compile("transaction_challenge=\"([^\"]+)\"");

	private static RunningDemo demo;

	private static HeadlessChromium chromium;

	private static String baseToken;

	@BeforeAll
	static void start() {
		demo = RunningDemo.get();
		chromium = HeadlessChromium.start();
		baseToken = CodeFlow.accessToken(new TestHttp(demo.issuer), "alice", "alice-password");
	}

	@AfterAll
	static void stop() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@Test
	void challengeWhenPresentedAndAliceApprovesThenTheTransactionTokenDoesTheTransferOnce() throws Exception {
		TestHttp api = new TestHttp(demo.apiUrl);
		HttpResponse<String> challenged = transferWithout("?1");
		assertThat(challenged.statusCode()).isEqualTo(401);
		String header = challenged.headers().firstValue("WWW-Authenticate").orElseThrow();
		assertThat(header).startsWith("Bearer ")
			.contains("error=\"transaction_authorization_required\"")
			.contains("resource_metadata=");
		String challenge = challengeOf(challenged);
		JsonNode claims = claims(challenge);
		assertThat(SignedJWT.parse(challenge).getHeader().getType())
			.isEqualTo(new JOSEObjectType("txn-authz-challenge+jwt"));
		assertThat(claims.get("iss").asString()).isEqualTo("http://localhost:8080");
		assertThat(claims.get("aud").asString()).isEqualTo(demo.issuer);
		assertThat(claims.get("sub").asString()).isEqualTo("alice");
		// the agent without the header, or with another value, keeps 403
		// approval_required
		assertThat(transferWithout(null).statusCode()).isEqualTo(403);
		assertThat(transferWithout("?0").statusCode()).isEqualTo(403);
		assertThat(transferWithout("1").statusCode()).isEqualTo(403);
		JsonNode metadata = TestHttp.json(api.get("/.well-known/oauth-protected-resource"));
		assertThat(metadata.get("txn_challenge_signing_alg_values_supported").toString()).isEqualTo("[\"ES256\"]");
		assertThat(metadata.get("txn_challenge_jwks_uri").asString()).endsWith("/.well-known/txn-challenge-jwks");
		// self-describing types: the schemas of the bound types, at the catalog's server
		assertThat(metadata.get("authorization_details_types_metadata_endpoint").asString())
			.isEqualTo(demo.issuer + "/authorization-details-types");
		assertThat(TestHttp.json(new TestHttp(demo.issuer).get("/authorization-details-types"))
			.at("/payments.transfer/schema/properties/parameters/properties/amount")
			.toString()).contains("max");

		HttpResponse<String> presented = present(challenge);
		assertThat(presented.statusCode()).as(presented.body()).isEqualTo(200);
		JsonNode pending = TestHttp.json(presented);
		String id = pending.get("transaction_authorization_id").asString();
		assertThat(pending.get("expires_in").asInt()).isPositive();
		assertThat(pending.get("interval").asInt()).isPositive();
		assertThat(TestHttp.json(poll(id)).get("error").asString()).isEqualTo("authorization_pending");

		chromium.driver().get(pending.get("authorization_uri").asString());
		if (chromium.driver().getCurrentUrl().contains("/login")) {
			chromium.signIn("alice", "alice-password");
		}
		assertThat(chromium.waitFor(By.id("binding-message")).getText()).startsWith("Approval is required");
		chromium.button(pending.get("user_code").asString()).click();
		chromium.button("Approve").click();
		assertThat(chromium.waitFor(By.id("outcome")).getText()).startsWith("Approved.");

		// the demo holds polls to 1 s apart; alice may have been quicker
		rewindPoll(id);
		HttpResponse<String> tokens = poll(id);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		JsonNode answer = TestHttp.json(tokens);
		assertThat(answer.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(answer.get("authorization_details").get(0).get("type").asString()).isEqualTo("payments.transfer");
		String token = answer.get("access_token").asString();
		JsonNode tokenClaims = claims(token);
		assertThat(tokenClaims.get("txn").asString()).isEqualTo(claims.get("txn").asString());
		assertThat(tokenClaims.get("aud").toString()).contains("\"http://localhost:8080\"");
		rewindPoll(id);
		assertThat(TestHttp.json(poll(id)).get("error").asString()).isEqualTo("invalid_grant");

		HttpResponse<String> done = api.post("/accounts/acc-1/transfers", "application/json",
				BesideAnIdentityProvider.TRANSFER, "Authorization", "Bearer " + token);
		assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
		HttpResponse<String> again = api.post("/accounts/acc-1/transfers", "application/json",
				BesideAnIdentityProvider.TRANSFER, "Authorization", "Bearer " + token);
		assertThat(again.statusCode()).isEqualTo(403);
		assertThat(TestHttp.json(again).get("error").asString()).isEqualTo("invalid_action_token");
	}

	@Test
	void challengeWhenChangedForeignExpiredReusedOrOfAnUnknownResourceThenRefusedAndNothingStored() throws Exception {
		String genuine = challengeOf(transferWithout("?1"));
		int before = stored();

		String[] parts = genuine.split("\\.");
		String changed = parts[0] + "." + Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(new String(Base64.getUrlDecoder().decode(parts[1])).replace("250", "9250").getBytes()) + "."
				+ parts[2];
		assertRefused(present(changed), "signature");

		ECKey foreignKey = new ECKeyGenerator(Curve.P_256).keyID(SignedJWT.parse(genuine).getHeader().getKeyID())
			.generate();
		assertRefused(present(signed(foreignKey, "http://localhost:8080", Instant.now())), "signature");
		assertRefused(present(signed(foreignKey, "https://unknown.example", Instant.now())), "not a resource");

		TransactionChallengeIssuer issuer = demo.api.getBean(TransactionChallengeIssuer.class);
		String expired;
		try {
			issuer.setClock(Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC));
			expired = challengeOf(transferWithout("?1"));
		}
		finally {
			issuer.setClock(Clock.systemUTC());
		}
		assertRefused(present(expired), "expired");
		assertThat(stored()).isEqualTo(before);

		assertThat(present(genuine).statusCode()).isEqualTo(200);
		assertRefused(present(genuine), "presented before");
		assertThat(stored()).isEqualTo(before + 1);
	}

	private static HttpResponse<String> transferWithout(String acceptTxnChallenge) {
		TestHttp api = new TestHttp(demo.apiUrl);
		return (acceptTxnChallenge != null)
				? api.post("/accounts/acc-1/transfers", "application/json", BesideAnIdentityProvider.TRANSFER,
						"Authorization", "Bearer " + baseToken, "Accept-Txn-Challenge", acceptTxnChallenge)
				: api.post("/accounts/acc-1/transfers", "application/json", BesideAnIdentityProvider.TRANSFER,
						"Authorization", "Bearer " + baseToken);
	}

	private static String challengeOf(HttpResponse<String> challenged) {
		assertThat(challenged.statusCode()).as(challenged.body()).isEqualTo(401);
		Matcher matcher = CHALLENGE.matcher(challenged.headers().firstValue("WWW-Authenticate").orElseThrow());
		assertThat(matcher.find()).isTrue();
		return matcher.group(1);
	}

	private static HttpResponse<String> present(String challenge) {
		return new TestHttp(demo.issuer).postForm("/oauth2/transaction-authorization",
				Map.of("transaction_challenge", challenge), "Authorization",
				TestHttp.basic("demo-client", "demo-secret"));
	}

	private static HttpResponse<String> poll(String id) {
		return new TestHttp(demo.issuer).postForm("/oauth2/transaction-authorization",
				Map.of("transaction_authorization_id", id), "Authorization",
				TestHttp.basic("demo-client", "demo-secret"));
	}

	private static void rewindPoll(String transactionAuthorizationId) {
		demo.authorizationServer.getBean(JdbcTemplate.class)
			.update("UPDATE action_approval SET last_polled_at = now() - interval '1 minute' WHERE id = "
					+ "(SELECT approval_id FROM transaction_authorization WHERE transaction_authorization_id = ?)",
					transactionAuthorizationId);
	}

	private static void assertRefused(HttpResponse<String> response, String check) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		JsonNode error = TestHttp.json(response);
		assertThat(error.get("error").asString()).isEqualTo("invalid_request");
		assertThat(error.get("error_description").asString()).contains(check);
	}

	private static int stored() {
		Integer count = demo.authorizationServer.getBean(JdbcTemplate.class)
			.queryForObject("SELECT count(*) FROM transaction_authorization", Integer.class);
		return (count != null) ? count : 0;
	}

	private static String signed(ECKey key, String issuer, Instant issuedAt) throws Exception {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("txn-authz-challenge+jwt"))
					.keyID(key.getKeyID())
					.build(),
				new JWTClaimsSet.Builder().issuer(issuer)
					.audience(demo.issuer)
					.issueTime(Date.from(issuedAt))
					.expirationTime(Date.from(issuedAt.plusSeconds(300)))
					.jwtID(UUID.randomUUID().toString())
					.claim("txn", UUID.randomUUID().toString())
					.claim("reason", "forged")
					.subject("alice")
					.claim("authorization_details",
							List.of(Map.of("type", "payments.transfer", "parameters",
									Map.of("fromAccount", "acc-1", "toIban", "DE89370400440532013000", "amount",
											"9250.00", "currency", "EUR"))))
					.build());
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

	private static JsonNode claims(String jws) {
		return TestHttp.JSON.readTree(Base64.getUrlDecoder().decode(jws.split("\\.")[1]));
	}

}
