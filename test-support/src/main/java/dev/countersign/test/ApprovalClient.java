package dev.countersign.test;

import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client of the approval REST API holding a user's base token, as the demo client
 * would.
 */
public final class ApprovalClient {

	/** The transfer. */
	public static final String TRANSFER = """
			{"authorization_details":[{"type":"payments.transfer","parameters":{"fromAccount":"acc-1",\
			"toIban":"DE89370400440532013000","amount":"250.00","currency":"EUR"}}],"binding_message":"Transfer 1"}""";

	/** The http. */
	public final TestHttp http;

	/** The base token. */
	public final String baseToken;

	public ApprovalClient(TestHttp http, String baseToken) {
		this.http = http;
		this.baseToken = baseToken;
	}

	public HttpResponse<String> create(String json) {
		return this.http.post("/approvals", "application/json", json, "Authorization", "Bearer " + this.baseToken);
	}

	/**
	 * Creates the demo transfer and returns the answer's body.
	 * @return the JSON node
	 */
	public JsonNode createTransfer() {
		HttpResponse<String> response = create(TRANSFER);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return TestHttp.json(response);
	}

	public HttpResponse<String> status(String id) {
		return this.http.get("/approvals/" + id, "Authorization", "Bearer " + this.baseToken);
	}

	public HttpResponse<String> mint(String id) {
		return this.http.post("/approvals/" + id + "/token", "application/json", "", "Authorization",
				"Bearer " + this.baseToken);
	}

	public static String error(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		return TestHttp.json(response).get("error").asString();
	}

}
