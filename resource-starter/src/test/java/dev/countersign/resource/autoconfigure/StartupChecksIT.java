package dev.countersign.resource.autoconfigure;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.countersign.resource.validation.ActionTypeSchemas;
import dev.countersign.resource.validation.TestActionTypeSchemas;
import dev.countersign.resource.web.RequiresApproval;
import dev.countersign.test.HttpExchanges;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The starter checks itself at start-up, on a real Tomcat: one line saying what it
 * checks; a binding it could not check, or a fallback that would check action tokens
 * against another server's keys, refuses start-up with Spring Boot's "APPLICATION FAILED
 * TO START" report naming the mistake and what to do. Boot's own JWT decoder, given
 * nothing but a public key, accepts Countersign's {@code at+jwt} access tokens because
 * the starter contributes the type validator, and every challenge names the protected
 * resource metadata the starter serves.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupChecksIT {

	private static final String ISSUER = "http://localhost:9000";

	private static final String API = "http://localhost:8080";

	private static RSAKey key;

	private static Path publicKey;

	@BeforeAll
	static void key(@TempDir Path directory) throws Exception {
		key = new RSAKeyGenerator(2048).keyID("startup").generate();
		publicKey = directory.resolve("issuer.pub");
		Files.writeString(publicKey,
				"-----BEGIN PUBLIC KEY-----\n"
						+ Base64.getMimeEncoder().encodeToString(key.toRSAPublicKey().getEncoded())
						+ "\n-----END PUBLIC KEY-----\n");
	}

	@Test
	void startWhenRoutesBoundThenOneLineNamesIssuerStoreAndRoutes(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(TransferApi.class,
				"--countersign.resource.routes[0].method=DELETE",
				"--countersign.resource.routes[0].path=/accounts/{id}",
				"--countersign.resource.routes[0].type=accounts.close",
				"--countersign.resource.routes[0].parameters.accountId=path:id")) {
			assertThat(output).contains("Countersign resource server: issuer " + ISSUER
					+ ", replay store in-memory, 2 routes bound: DELETE /accounts/{id} jit accounts.close, "
					+ "POST /accounts/{accountId}/transfers jit payments.transfer");
		}
	}

	@Test
	void startWhenPathSourceNamesNoVariableOfTheRouteThenFailedToStartWithWhatToDo(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(MisspelledVariableApi.class));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.containsPattern(
					"Description:\\s+@RequiresApproval on .*MisspelledVariableApi\\$Controller#transfer.*: parameter "
							+ "'fromAccount' comes from path:account, but the route /accounts/\\{accountId}/transfers has no path "
							+ "variable 'account' \\(it has accountId\\)")
			.containsPattern("Action:\\s+Name one of the route's path variables");
	}

	@Test
	void startWhenPropertiesRoutePathSourceNamesNoVariableThenFailedToStart(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(TransferApi.class, "--countersign.resource.routes[0].path=/orders",
				"--countersign.resource.routes[0].type=orders.update",
				"--countersign.resource.routes[0].parameters.orderId=path:orderId"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(
					"countersign.resource.routes[0]: parameter 'orderId' comes from path:orderId, but the route /orders "
							+ "has no path variable 'orderId' (it has none)");
	}

	@Test
	void startWhenRouteBoundByAnnotationAndPropertiesThenFailedToStart(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(TransferApi.class, "--countersign.resource.routes[0].method=POST",
				"--countersign.resource.routes[0].path=/accounts/{id}/transfers",
				"--countersign.resource.routes[0].type=payments.transfer",
				"--countersign.resource.routes[0].parameters.fromAccount=path:id"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.containsPattern("The route /accounts/\\{id}/transfers is bound twice: by @RequiresApproval on "
					+ ".*TransferApi\\$Controller#transfer.* and by countersign.resource.routes\\[0]")
			.containsPattern(
					"Action:\\s+Bind it once: remove the annotation or the route of countersign.resource.routes.");
	}

	@Test
	void startWhenParameterSourceCannotBeReadThenFailedToStart(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(TransferApi.class,
				"--countersign.resource.routes[0].path=/records", "--countersign.resource.routes[0].type=records.read",
				"--countersign.resource.routes[0].parameters.customerId=quer:customerId"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(
					"countersign.resource.routes[0].parameters.customerId: 'quer:customerId' names an unknown source; "
							+ "use path, query, header, body or form")
			.containsPattern(
					"Action:\\s+Write the source as path:variable, query:name, header:name, body:/json/pointer "
							+ "or form:field.");
	}

	@Test
	void startWhenBodySourceIsNoJsonPointerThenFailedToStart(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(TransferApi.class,
				"--countersign.resource.routes[0].path=/records", "--countersign.resource.routes[0].type=records.read",
				"--countersign.resource.routes[0].parameters.customerId=body:customerId"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("'body:customerId': a body source is a JSON Pointer such as body:/toIban");
	}

	@Test
	void startWhenJwkSetWouldFallBackToTheBaseTokensIssuerThenFailedToStart(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(TransferApi.class,
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=https://idp.example/realms/bank",
				"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=https://idp.example/realms/bank/certs",
				"--countersign.resource.issuer-uri=" + ISSUER));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("countersign.resource.jwk-set-uri is not set, and falling back to "
					+ "spring.security.oauth2.resourceserver.jwt.jwk-set-uri (https://idp.example/realms/bank/certs) would "
					+ "check action tokens against the keys of the base tokens' issuer https://idp.example/realms/bank, "
					+ "not those of the Countersign issuer " + ISSUER + ".")
			.containsPattern(
					"Action:\\s+Set countersign.resource.jwk-set-uri to the Countersign server's key set, such as "
							+ ISSUER + "/oauth2/jwks.");
	}

	@Test
	void startWhenSeveralAudiencesAndNoneChosenThenFailedToStart(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(TransferApi.class, "--countersign.resource.audience=",
				"--spring.security.oauth2.resourceserver.jwt.audiences=" + API + ",https://other.example"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("spring.security.oauth2.resourceserver.jwt.audiences names 2 audiences")
			.containsPattern("Action:\\s+Set countersign.resource.audience to this API's resource indicator.");
	}

	@Test
	void bearerWhenCountersignAccessTokenThenBootsDecoderAcceptsItAndEveryChallengeNamesTheMetadata() {
		try (ConfigurableApplicationContext context = start(TransferApi.class)) {
			TestHttp http = new TestHttp("http://127.0.0.1:" + port(context));
			String body = "{\"toIban\":\"DE89370400440532013000\",\"amount\":\"1.00\"}";

			HttpResponse<String> needed = http.post("/accounts/acc-1/transfers", "application/json", body,
					"Authorization", "Bearer " + accessToken("at+jwt"));
			assertThat(needed.statusCode()).as(needed.body()).isEqualTo(403);
			JsonNode problem = TestHttp.json(needed);
			assertThat(problem.get("error").asString()).isEqualTo("approval_required");
			assertThat(problem.get("issuer").asString()).isEqualTo(ISSUER);
			assertThat(problem.get("approval_endpoint").asString()).isEqualTo(ISSUER + "/approvals");
			assertThat(needed.headers().firstValue("WWW-Authenticate").orElseThrow())
				.contains("resource_metadata=\"" + API + "/.well-known/oauth-protected-resource\"");

			HttpResponse<String> invalid = http.post("/accounts/acc-1/transfers", "application/json", body,
					"Authorization", "Bearer " + accessToken("at+jwt"), "Action-Token", "not-a-jwt");
			assertThat(invalid.statusCode()).isEqualTo(403);
			assertThat(invalid.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_action_token")
				.contains("resource_metadata=\"");

			// Spring Security alone accepts typ JWT only; the starter's validator is what
			// lets at+jwt in
			HttpResponse<String> untyped = http.post("/accounts/acc-1/transfers", "application/json", body,
					"Authorization", "Bearer " + accessToken("JWT"));
			assertThat(untyped.statusCode()).isEqualTo(401);
			assertThat(untyped.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("at+jwt")
				.contains("resource_metadata=\"");
		}
	}

	@Test
	void bearerWhenOfAnotherIssuerOrAnotherKeyThenTheRefusalSaysSoInsteadOfTheJoseLibrary() throws Exception {
		// Boot's decoder by issuer and JWK set: the key set served by a real HTTP server
		// on loopback
		HttpServer keys = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		keys.createContext("/oauth2/jwks",
				(exchange) -> HttpExchanges.answer(exchange, 200, new JWKSet(key.toPublicJWK()).toString()));
		keys.start();
		try (ConfigurableApplicationContext context = start(TransferApi.class,
				"--spring.security.oauth2.resourceserver.jwt.public-key-location=",
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + ISSUER,
				"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:"
						+ keys.getAddress().getPort() + "/oauth2/jwks",
				"--countersign.resource.jwk-set-uri=http://127.0.0.1:" + keys.getAddress().getPort()
						+ "/oauth2/jwks")) {
			TestHttp http = new TestHttp("http://127.0.0.1:" + port(context));
			HttpResponse<String> foreign = http.get("/accounts", "Authorization",
					"Bearer " + accessToken("at+jwt", "https://idp.example/realms/bank", key));
			assertThat(foreign.statusCode()).isEqualTo(401);
			assertThat(foreign.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error_description=\""
					+ "the bearer token was not issued by the issuer this API trusts (iss https://idp.example/realms/bank); "
					+ "this API accepts only the access tokens of " + ISSUER + "\"");
			HttpResponse<String> otherKey = http.get("/accounts", "Authorization",
					"Bearer " + accessToken("at+jwt", ISSUER, new RSAKeyGenerator(2048).keyID("other").generate()));
			assertThat(otherKey.statusCode()).isEqualTo(401);
			assertThat(otherKey.headers().firstValue("WWW-Authenticate").orElseThrow()).contains(
					"the bearer token's signature does not verify with any key of the issuer this API trusts (iss "
							+ ISSUER + ")");
			assertThat(http.get("/accounts", "Authorization", "Bearer " + accessToken("at+jwt")).statusCode())
				.as("the trusted issuer's token passes")
				.isEqualTo(404);
		}
		finally {
			keys.stop(0);
		}
	}

	@Test
	void metadataWhenRequestedThenTheProtectedResourceWithItsServersAndBoundTypes() {
		try (ConfigurableApplicationContext context = start(TransferApi.class,
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=https://idp.example/realms/bank",
				"--countersign.resource.jwk-set-uri=" + ISSUER + "/oauth2/jwks",
				"--spring.application.name=Transfers")) {
			HttpResponse<String> response = new TestHttp("http://127.0.0.1:" + port(context))
				.get("/.well-known/oauth-protected-resource");
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode metadata = TestHttp.json(response);
			assertThat(metadata.get("resource").asString()).isEqualTo(API);
			assertThat(metadata.get("authorization_servers").toString())
				.isEqualTo("[\"https://idp.example/realms/bank\",\"" + ISSUER + "\"]");
			assertThat(metadata.get("authorization_details_types_supported").toString())
				.isEqualTo("[\"payments.transfer\"]");
			assertThat(metadata.get("resource_name").asString()).isEqualTo("Transfers");
			assertThat(metadata.get("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
			assertThat(metadata.has("tls_client_certificate_bound_access_tokens")).isFalse();
		}
	}

	private static ConfigurableApplicationContext start(Class<?> api, String... extra) {
		Map<String, String> arguments = new LinkedHashMap<>();
		for (String argument : List.of("--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
				"--countersign.resource.issuer-uri=" + ISSUER, "--countersign.resource.audience=" + API,
				"--countersign.resource.replay-store=in-memory",
				"--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + publicKey,
				"--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")) {
			arguments.put(argument.substring(0, argument.indexOf('=')), argument);
		}
		for (String argument : extra) {
			arguments.put(argument.substring(0, argument.indexOf('=')), argument);
		}
		return new SpringApplicationBuilder(api).run(arguments.values().toArray(String[]::new));
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static String accessToken(String type) {
		return accessToken(type, ISSUER, key);
	}

	private static String accessToken(String type, String issuer, RSAKey signer) {
		try {
			Instant now = Instant.now();
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType(type))
						.keyID(signer.getKeyID())
						.build(),
					new JWTClaimsSet.Builder().issuer(issuer)
						.subject("alice")
						.audience(API)
						.claim("client_id", "demo-client")
						.claim("scope", "accounts.read")
						.issueTime(Date.from(now))
						.expirationTime(Date.from(now.plusSeconds(300)))
						.build());
			jwt.sign(new RSASSASigner(signer));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An API whose catalog is pinned, so no authorization server is needed. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class PinnedCatalog {

		@Bean
		ActionTypeSchemas actionTypeSchemas() {
			return TestActionTypeSchemas.of(
					TestActionTypeSchemas.type("payments.transfer", TestActionTypeSchemas.string("fromAccount", null),
							TestActionTypeSchemas.string("toIban", null),
							TestActionTypeSchemas.decimal("amount", "0.01", "1000000")),
					TestActionTypeSchemas.type("accounts.close", TestActionTypeSchemas.string("accountId", null)),
					TestActionTypeSchemas.type("records.read", TestActionTypeSchemas.integer("customerId", 1, null)),
					TestActionTypeSchemas.type("orders.update", TestActionTypeSchemas.integer("orderId", 1, null)));
		}

	}

	@Import({ PinnedCatalog.class, TransferApi.Controller.class })
	static class TransferApi {

		@RestController
		static class Controller {

			@PostMapping("/accounts/{accountId}/transfers")
			@RequiresApproval(type = "payments.transfer",
					parameters = { "fromAccount=path:accountId", "toIban=body:/toIban", "amount=body:/amount" })
			Map<String, String> transfer(@PathVariable String accountId) {
				return Map.of("done", accountId);
			}

		}

	}

	@Import({ PinnedCatalog.class, MisspelledVariableApi.Controller.class })
	static class MisspelledVariableApi {

		@RestController
		static class Controller {

			@PostMapping("/accounts/{accountId}/transfers")
			@RequiresApproval(type = "payments.transfer", parameters = "fromAccount=path:account")
			Map<String, String> transfer(@PathVariable String accountId) {
				return Map.of("done", accountId);
			}

		}

	}

}
