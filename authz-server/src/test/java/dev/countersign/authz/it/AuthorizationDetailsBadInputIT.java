package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.CodeFlow;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every malformed {@code authorization_details} is refused with
 * {@code invalid_authorization_details} (RFC 9396 section 5) where RFC 6749 sends each
 * endpoint's errors: to the client's redirect URI from the authorization endpoint, as
 * JSON from the pushed authorization request and token endpoints. Nothing is stored: no
 * authorization, no consent.
 */
class AuthorizationDetailsBadInputIT extends AbstractAuthorizationServerIT {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RegisteredClientRepository clients;

	static Stream<Arguments> badDetails() {
		StringBuilder hundred = new StringBuilder("[");
		for (int i = 0; i < 100; i++) {
			hundred.append((i > 0) ? "," : "")
				.append("{\"type\":\"records.read\",\"parameters\":{\"customerId\":")
				.append(i + 1)
				.append("}}");
		}
		String big = "[{\"type\":\"records.read\",\"parameters\":{\"customerId\":{\"in\":[" + "1,".repeat(8 * 1024)
				+ "1]}}}]";
		return Stream.of(Arguments.of("not JSON", "records.read", "is not JSON"),
				Arguments.of("not an array", "{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}}", "array"),
				Arguments.of("empty array", "[]", "1 to 20"),
				Arguments.of("entry not an object", "[\"records.read\"]", "must be an object"),
				Arguments.of("entry without type", "[{\"parameters\":{\"customerId\":42}}]", "type is required"),
				Arguments.of("unknown type", "[{\"type\":\"records.erase\",\"parameters\":{\"customerId\":42}}]",
						"not in the action catalog"),
				Arguments.of("parameter outside the schema",
						"[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42,\"region\":\"EU\"}}]",
						"not a parameter of records.read"),
				Arguments.of("value of the wrong type",
						"[{\"type\":\"records.read\",\"parameters\":{\"customerId\":\"x\"}}]", "customerId"),
				Arguments.of("value below the schema's minimum",
						"[{\"type\":\"records.read\",\"parameters\":{\"customerId\":0}}]", "at least 1"),
				Arguments.of("required parameter missing", "[{\"type\":\"records.read\",\"parameters\":{}}]",
						"required"),
				Arguments.of("operator where the catalog allows none",
						"[{\"type\":\"accounts.close\",\"parameters\":{\"accountId\":{\"in\":[\"acc-1\"]}}}]",
						"exact values only"),
				Arguments.of("operator the catalog does not allow for this parameter",
						"[{\"type\":\"records.read\",\"parameters\":{\"customerId\":{\"prefix\":\"4\"}}}]",
						"allows only in, min, max"),
				Arguments.of("two operators in one constraint",
						"[{\"type\":\"records.read\",\"parameters\":{\"customerId\":{\"min\":1,\"max\":5}}}]",
						"exactly one operator"),
				Arguments.of("fields where the type allows none",
						"[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42},\"fields\":[\"name\"]}]",
						"fields is not allowed"),
				Arguments.of("fields outside the allowed members",
						"[{\"type\":\"orders.update\",\"parameters\":{\"orderId\":7},\"fields\":[\"price\"]}]",
						"fields may only name"),
				Arguments.of("member given twice",
						"[{\"type\":\"records.read\",\"type\":\"orders.update\",\"parameters\":{\"customerId\":42}}]",
						"given twice"),
				Arguments.of("unsupported member",
						"[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42},"
								+ "\"locations\":[\"https://other.example\"]}]",
						"not supported"),
				Arguments.of("entry repeated",
						"[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}},"
								+ "{\"type\":\"records.read\",\"parameters\":{\"customerId\":42.0}}]",
						"repeats"),
				Arguments.of("100 entries", hundred.append("]").toString(), "1 to 20"),
				Arguments.of("16 KiB of details", big, "at most 8192 characters"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badDetails")
	void authorizationEndpointWhenBadDetailsThenErrorAtRedirectUriAndNothingStored(String name, String details,
			String described) {
		long authorizations = count("oauth2_authorization");
		long consents = count("oauth2_authorization_consent");
		Map<String, String> query = authorize(AuthorizationDetailsIT.withDetails(new CodeFlow(this.http), details));
		assertThat(query).containsEntry("error", "invalid_authorization_details").containsEntry("state", "s-1");
		assertThat(query.get("error_description")).contains(described);
		assertThat(count("oauth2_authorization")).isEqualTo(authorizations);
		assertThat(count("oauth2_authorization_consent")).isEqualTo(consents);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badDetails")
	void pushedAuthorizationRequestWhenBadDetailsThenJsonErrorAndNothingStored(String name, String details,
			String described) {
		long authorizations = count("oauth2_authorization");
		HttpResponse<String> response = this.http.postForm("/oauth2/par",
				AuthorizationDetailsIT.withDetails(new CodeFlow(this.http), details), "Authorization",
				TestHttp.basic(CodeFlow.CLIENT_ID, CodeFlow.CLIENT_SECRET));
		assertRefused(response, described);
		assertThat(count("oauth2_authorization")).isEqualTo(authorizations);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badDetails")
	void tokenEndpointWhenBadDetailsThenJsonErrorAndNothingStored(String name, String details, String described) {
		long authorizations = count("oauth2_authorization");
		HttpResponse<String> response = this.http.token(CodeFlow.CLIENT_ID, CodeFlow.CLIENT_SECRET,
				Map.of("grant_type", "client_credentials", "authorization_details", details));
		assertRefused(response, described);
		assertThat(count("oauth2_authorization")).isEqualTo(authorizations);
	}

	@Test
	void authorizationEndpointWhenTypeNotRegisteredForClientThenRefused() {
		// records-only-client may ask for records.read only
		TestClients.registerRecordsOnly(this.clients);
		Map<String, String> parameters = AuthorizationDetailsIT.withDetails(new CodeFlow(this.http),
				"[{\"type\":\"orders.update\",\"parameters\":{\"orderId\":7}}]");
		parameters.put("client_id", TestClients.RECORDS_ONLY);
		parameters.remove("resource");
		Map<String, String> query = authorize(parameters);
		assertThat(query).containsEntry("error", "invalid_authorization_details");
		assertThat(query.get("error_description")).contains("not registered for type 'orders.update'");
	}

	@Test
	void tokenEndpointWhenTypeNotRegisteredForClientThenRefused() {
		HttpResponse<String> response = this.http.token("demo-api", "demo-api-secret",
				Map.of("grant_type", "client_credentials", "authorization_details",
						"[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}}]"));
		assertRefused(response, "not registered for type 'records.read'");
	}

	@Test
	void tokenEndpointWhenClientCredentialsWiderThanTheClientsRegistrationThenRefused() {
		// demo-client may carry the records of customers 42 and 43 by client credentials,
		// no more
		for (String wider : List.of("{\"customerId\":{\"min\":1}}", "{\"customerId\":44}",
				"{\"customerId\":{\"in\":[42,44]}}", "{\"customerId\":{\"max\":43}}")) {
			long authorizations = count("oauth2_authorization");
			HttpResponse<String> response = this.http.token(CodeFlow.CLIENT_ID, CodeFlow.CLIENT_SECRET,
					Map.of("grant_type", "client_credentials", "authorization_details",
							"[{\"type\":\"records.read\",\"parameters\":" + wider + "}]"));
			assertRefused(response, "wider than client demo-client may carry by client credentials");
			assertThat(count("oauth2_authorization")).isEqualTo(authorizations);
		}
		HttpResponse<String> within = this.http.token(CodeFlow.CLIENT_ID, CodeFlow.CLIENT_SECRET,
				Map.of("grant_type", "client_credentials", "authorization_details",
						"[{\"type\":\"records.read\",\"parameters\":{\"customerId\":{\"in\":[43,42]}}}]"));
		assertThat(within.statusCode()).as(within.body()).isEqualTo(200);
	}

	@Test
	void tokenEndpointWhenClientCredentialsAndRegistrationAllowsNoneThenRefused() {
		// records-only-client is registered for records.read, which its users may grant;
		// it may not grant itself
		TestClients.registerRecordsOnly(this.clients);
		HttpResponse<String> response = this.http.token(TestClients.RECORDS_ONLY, "records-only-secret",
				Map.of("grant_type", "client_credentials", "authorization_details",
						"[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}}]"));
		assertRefused(response, "may not carry authorization_details by client credentials");
	}

	@Test
	void tokenEndpointWhenDetailsGivenTwiceThenRefused() {
		String details = TestHttp.encode("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}}]");
		HttpResponse<String> response = this.http.post("/oauth2/token", "application/x-www-form-urlencoded",
				"grant_type=client_credentials&authorization_details=" + details + "&authorization_details=" + details,
				"Authorization", TestHttp.basic(CodeFlow.CLIENT_ID, CodeFlow.CLIENT_SECRET));
		assertRefused(response, "given once");
	}

	/**
	 * Sends an authorization request as a browser would: GET, or POST (RFC 6749 section
	 * 3.1 allows both) when the request is too long for a URL. Errors in it are answered
	 * before any login.
	 * @return the parameters of the redirect to the client
	 */
	private Map<String, String> authorize(Map<String, String> parameters) {
		String uri = CodeFlow.uri(parameters);
		HttpResponse<String> response = (uri.length() < 4000) ? this.http.get(uri, "Accept", "text/html")
				: this.http.postForm("/oauth2/authorize", parameters, "Accept", "text/html");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(CodeFlow.REDIRECT_URI);
		return TestHttp.query(location);
	}

	private static void assertRefused(HttpResponse<String> response, String described) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		JsonNode error = TestHttp.json(response);
		assertThat(error.get("error").asString()).isEqualTo("invalid_authorization_details");
		assertThat(error.get("error_description").asString()).contains(described);
	}

	private long count(String table) {
		Long count = this.jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
		return (count != null) ? count : 0;
	}

}
