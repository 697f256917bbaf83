package dev.countersign.resource.web;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.StrictJson;
import dev.countersign.resource.validation.ActionTokenVerifier;
import dev.countersign.resource.validation.ActionTypeSchemas;
import dev.countersign.resource.validation.TestActionTypeSchemas;
import dev.countersign.test.RawHttp;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reaches the controller is what the filter checked: a real Tomcat on 127.0.0.1,
 * real RS256 base tokens, Spring MVC's own JSON converter and parameter parsing. Each
 * test is an attack that got through before the catalog's schema was applied at the
 * resource server and bodies were read by media type (issue 9, items 1, 4, 5, 6, 13).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {
				"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"countersign.resource.issuer-uri=" + BoundRequestIT.ISSUER,
				"countersign.resource.audience=" + BoundRequestIT.API, "countersign.resource.replay-store=in-memory",
				"logging.level.root=WARN" })
class BoundRequestIT {

	static final String ISSUER = "http://localhost:9000";

	static final String API = "http://localhost:8080";

	private static final RSAKey KEY = key();

	/** Java class names and the backticks Jackson quotes them in: never in a problem. */
	private static final Pattern IMPLEMENTATION_NAME = Pattern.compile(
			"`|\\b(java|javax|jakarta|tools\\.jackson|com\\.fasterxml|org\\.springframework|dev\\.countersign)\\.");

	@LocalServerPort
	int port;

	@Test
	void fieldsWhenBodySentAsMergePatchJsonThenReadAndRefused() {
		String token = base("[{\"type\":\"orders.update\",\"parameters\":{\"orderId\":8},\"fields\":[\"status\"]}]");
		for (String type : List.of("application/merge-patch+json", "application/vnd.api+json", "application/json")) {
			HttpResponse<String> response = http().patch("/orders/8", type, "{\"note\":\"free\"}", bearer(token));
			assertThat(response.statusCode()).as(type).isEqualTo(403);
			assertThat(TestHttp.json(response).get("error").asString()).isEqualTo("insufficient_authorization");
		}
		HttpResponse<String> within = http().patch("/orders/8", "application/merge-patch+json",
				"{\"status\":\"shipped\"}", bearer(token));
		assertThat(within.statusCode()).isEqualTo(200);
		assertThat(TestHttp.json(within).get("status").asString()).isEqualTo("shipped");
	}

	@Test
	void bodyWhenOfAMediaTypeTheFilterDoesNotReadThenUnsupportedMediaTypeNamingIt() {
		String token = base("[{\"type\":\"orders.update\",\"parameters\":{\"orderId\":8}}]");
		HttpResponse<String> text = http().patch("/orders/8", "text/plain", "{\"note\":\"free\"}", bearer(token));
		assertThat(text.statusCode()).isEqualTo(415);
		assertThat(text.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(TestHttp.json(text).get("detail").asString()).contains("text/plain");
		HttpResponse<String> latin1 = http().patch("/orders/8", "application/json;charset=ISO-8859-1",
				"{\"status\":\"shipped\"}", bearer(token));
		assertThat(latin1.statusCode()).isEqualTo(415);
		assertThat(TestHttp.json(latin1).get("detail").asString()).contains("ISO-8859-1");
		String noType = RawHttp.exchange(this.port,
				"PATCH /orders/8 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
						+ "\r\nContent-Length: 17\r\nConnection: close\r\n\r\n{\"note\":\"free\"}\r\n");
		assertThat(RawHttp.status(noType)).isEqualTo(415);
		assertThat(RawHttp.body(noType)).contains("without a Content-Type");
	}

	@Test
	void valueWhenNotInNfcThenRefusedNotNormalized() {
		// U+212A KELVIN SIGN normalizes to K; the controller would get the sign, not the
		// approved K
		String token = base("[{\"type\":\"accounts.read\",\"parameters\":{\"accountId\":\"K-1\"}}]");
		assertThat(http().get("/accounts/K-1", bearer(token)).statusCode()).isEqualTo(200);
		HttpResponse<String> kelvin = http().get("/accounts/%E2%84%AA-1", bearer(token));
		assertThat(kelvin.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(kelvin).get("error_description").asString())
			.isEqualTo("parameter 'accountId' must be in Unicode normalization form NFC (from path:accountId)");
	}

	@Test
	void queryWhenNameEncodedDifferentlyThenTheSameNameGivenTwice() {
		String token = base("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}}]");
		assertThat(http().get("/records?customerId=42", bearer(token)).statusCode()).isEqualTo(200);
		HttpResponse<String> smuggled = http().get("/records?customer%49d=43&customerId=42", bearer(token));
		assertThat(smuggled.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(smuggled).get("error_description").asString())
			.isEqualTo("query:customerId is given 2 times");
	}

	@Test
	void queryWhenMalformedEscapeThenBadRequest() {
		String token = base("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}}]");
		String answer = RawHttp.exchange(this.port, "GET /records?customerId=42&x=%zz HTTP/1.1\r\nHost: localhost\r\n"
				+ "Authorization: Bearer " + token + "\r\nConnection: close\r\n\r\n");
		assertThat(RawHttp.status(answer)).isEqualTo(400);
		assertThat(RawHttp.body(answer)).contains("invalid_request").contains("cannot be parsed");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1e10000", "1e9999", "-1e10000", "1e-10000",
			"12345678901234567890123456789012345678901234567890123456789012345" })
	void numberWhenHugeOrOutsideTheCatalogThenBadRequestBeforeAnythingIsEchoed(String amount) {
		HttpResponse<String> response = http().post("/transfers/acc-1", "application/json",
				"{\"toIban\":\"DE89370400440532013000\",\"amount\":" + amount + "}", bearer(base("[]")));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		JsonNode problem = TestHttp.json(response);
		assertThat(problem.get("error").asString()).isEqualTo("invalid_request");
		assertThat(problem.get("error_description").asString()).startsWith("parameter 'amount' ");
		assertThat(problem.has("authorization_details")).isFalse();
		assertThat(response.body().length()).isLessThan(600);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"amount\":1e10000", "{\"amount\":\"1\",\"amount\":\"2\"}", "[1,2", "{\"toIban\":tru}",
			"{\"amount\":0x10}", "{\"amount\":NaN}", "{\"a\":\"\\uZZZZ\"}", "\u00ff\u00fe" })
	void problemWhenBodyMalformedThenNoImplementationNameInDetail(String body) {
		assertNoImplementationName(http().post("/transfers/acc-1", "application/json", body, bearer(base("[]"))));
	}

	@Test
	void problemWhenNumberLongerThanTheParserAllowsThenNoImplementationNameInDetail() {
		assertNoImplementationName(http().post("/transfers/acc-1", "application/json",
				"{\"amount\":" + "9".repeat(1200) + "}", bearer(base("[]"))));
	}

	private static void assertNoImplementationName(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(IMPLEMENTATION_NAME.matcher(TestHttp.json(response).get("detail").asString()).find())
			.as(response.body())
			.isFalse();
	}

	@Test
	void approvalRequiredWhenValuesFitThenEchoedInCanonicalForm() {
		HttpResponse<String> response = http().post("/transfers/acc-1", "application/json",
				"{\"toIban\":\"DE89370400440532013000\",\"amount\":2.50e2}", bearer(base("[]")));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(TestHttp.json(response).get("authorization_details").toString()).isEqualTo(
				"[{\"type\":\"payments.transfer\",\"parameters\":{\"fromAccount\":\"acc-1\",\"toIban\":\"DE89370400440532013000\",\"amount\":250}}]");
	}

	@Test
	void pathWhenNotTheCanonicalFormThenBadRequest() {
		String token = base("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":43}}]");
		assertThat(http().get("/customers/43/records", bearer(token)).statusCode()).isEqualTo(200);
		for (String form : List.of("43.0", "043", "+43", "4.3e1")) {
			HttpResponse<String> response = http().get("/customers/" + form + "/records", bearer(token));
			assertThat(response.statusCode()).as(form).isEqualTo(400);
			assertThat(TestHttp.json(response).get("error_description").asString())
				.startsWith("parameter 'customerId' must be a whole number written as digits only");
		}
	}

	@Test
	void grantWhenOperatorWouldAdmitValuesOutsideTheCatalogThenCatalogLimitsHold() {
		String token = base("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":{\"max\":42}}}]");
		assertThat(http().get("/customers/42/records", bearer(token)).statusCode()).isEqualTo(200);
		HttpResponse<String> negative = http().get("/customers/-1/records", bearer(token));
		assertThat(negative.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(negative).get("error_description").asString())
			.isEqualTo("parameter 'customerId' must be at least 1 (from path:customerId)");
	}

	@Test
	void grantWhenEntryConstrainsAParameterTheRouteCannotCheckThenNotAdmitted() {
		String token = base("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42,\"region\":\"eu\"}}]");
		assertThat(http().get("/customers/42/records", bearer(token)).statusCode()).isEqualTo(403);
	}

	private TestHttp http() {
		return new TestHttp("http://localhost:" + this.port);
	}

	private static String[] bearer(String token) {
		return new String[] { "Authorization", "Bearer " + token };
	}

	/**
	 * An access token of alice for the demo client, signed with this test's key.
	 */
	private static String base(String authorizationDetails) {
		try {
			Instant now = Instant.now();
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(KEY.getKeyID()).build(),
					new JWTClaimsSet.Builder().issuer(ISSUER)
						.subject("alice")
						.audience(API)
						.issueTime(Date.from(now))
						.expirationTime(Date.from(now.plusSeconds(300)))
						.claim("client_id", "demo-client")
						.claim("scope", "accounts.read")
						.claim("authorization_details", StrictJson.toValue(StrictJson.read(authorizationDetails)))
						.build());
			jwt.sign(new RSASSASigner(KEY));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey key() {
		try {
			return new RSAKeyGenerator(2048).keyID("test").generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SpringBootApplication
	static class TestApplication {

		@Bean
		JwtDecoder jwtDecoder() throws Exception {
			return NimbusJwtDecoder.withPublicKey(KEY.toRSAPublicKey()).build();
		}

		@Bean
		ActionTokenVerifier actionTokenVerifier() {
			return new ActionTokenVerifier(new ImmutableJWKSet<>(new JWKSet(KEY.toPublicJWK())),
					Set.of(JWSAlgorithm.RS256), ISSUER, API);
		}

		/** The demo catalog's types, as the authorization server publishes them. */
		@Bean
		ActionTypeSchemas actionTypeSchemas() {
			return TestActionTypeSchemas.of(
					TestActionTypeSchemas.type("records.read", TestActionTypeSchemas.integer("customerId", 1, null),
							TestActionTypeSchemas.string("region", "[a-z]+")),
					TestActionTypeSchemas.type("accounts.read",
							TestActionTypeSchemas.string("accountId", "[A-Za-z0-9-]+")),
					TestActionTypeSchemas.type("orders.update", Set.of("status", "note"),
							TestActionTypeSchemas.integer("orderId", 1, null)),
					TestActionTypeSchemas.type("payments.transfer",
							TestActionTypeSchemas.string("fromAccount", "[A-Za-z0-9-]+"),
							TestActionTypeSchemas.string("toIban", "[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}"),
							TestActionTypeSchemas.decimal("amount", "0.01", "1000000")));
		}

		@RestController
		static class Controller {

			@GetMapping("/records")
			@RequiresApproval(type = "records.read", mode = ActionMode.GRANT,
					parameters = "customerId=query:customerId")
			Map<String, Object> recordsByQuery(HttpServletRequest request) {
				return Map.of("customerId", List.of(request.getParameterValues("customerId")));
			}

			@GetMapping("/customers/{customerId}/records")
			@RequiresApproval(type = "records.read", mode = ActionMode.GRANT, parameters = "customerId=path:customerId")
			Map<String, Object> records(@PathVariable String customerId) {
				return Map.of("customerId", customerId);
			}

			@GetMapping("/accounts/{accountId}")
			@RequiresApproval(type = "accounts.read", mode = ActionMode.GRANT, parameters = "accountId=path:accountId")
			Map<String, Object> account(@PathVariable String accountId) {
				return Map.of("accountId", accountId);
			}

			@PatchMapping("/orders/{orderId}")
			@RequiresApproval(type = "orders.update", mode = ActionMode.GRANT, parameters = "orderId=path:orderId")
			Map<String, Object> order(@PathVariable String orderId, @RequestBody Map<String, Object> changes) {
				Map<String, Object> order = new LinkedHashMap<>(Map.of("orderId", orderId, "status", "open"));
				order.putAll(changes);
				return order;
			}

			@PostMapping("/transfers/{fromAccount}")
			@RequiresApproval(type = "payments.transfer",
					parameters = { "fromAccount=path:fromAccount", "toIban=body:/toIban", "amount=body:/amount" })
			Map<String, Object> transfer(@PathVariable String fromAccount, @RequestBody Map<String, Object> body) {
				return Map.of("fromAccount", fromAccount, "body", body);
			}

		}

	}

}
