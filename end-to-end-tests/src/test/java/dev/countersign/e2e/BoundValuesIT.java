package dev.countersign.e2e;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.ApprovalPage;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks of issue 9 on values and bodies, through the demo API with tokens the
 * authorization server issues: what reaches the controller is what the user approved or
 * granted, within the catalog's limits, or the request is refused before the controller
 * runs.
 */
class BoundValuesIT {

	private static RunningDemo demo;

	private static String base;

	@BeforeAll
	static void start() {
		demo = RunningDemo.get();
		base = CodeFlow.accessToken(new TestHttp(demo.issuer), "alice", "alice-password");
	}

	@Test
	void ordersWhenGrantLimitsFieldsAndBodySentAsMergePatchThenRefused() {
		String granted = grantedToken(
				"[{\"type\":\"orders.update\",\"parameters\":{\"orderId\":{\"in\":[8]}},\"fields\":[\"status\"]}]");
		HttpResponse<String> response = api().patch("/orders/8", "application/merge-patch+json",
				"{\"note\":\"smuggled\"}", "Authorization", "Bearer " + granted);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
		assertThat(TestHttp.json(response).get("error").asString()).isEqualTo("insufficient_authorization");
		HttpResponse<String> text = api().patch("/orders/8", "text/plain", "{\"note\":\"smuggled\"}", "Authorization",
				"Bearer " + granted);
		assertThat(text.statusCode()).as(text.body()).isEqualTo(415);
	}

	@Test
	void transferWhenValueHasAKelvinSignForAnApprovedKThenRefusedAndTokenNotSpent() {
		String iban = "DE89370400440532013K00";
		String token = approvedTransfer(iban);
		HttpResponse<String> kelvin = transfer(token, iban.replace('K', '\u212A'));
		assertThat(kelvin.statusCode()).as(kelvin.body()).isEqualTo(400);
		assertThat(TestHttp.json(kelvin).get("error_description").asString()).contains("NFC");
		HttpResponse<String> approved = transfer(token, iban);
		assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
		assertThat(TestHttp.json(approved).get("toIban").asString()).isEqualTo(iban);
	}

	@Test
	void transferWhenHugeExponentThenBadRequestNotServerError() {
		for (String amount : new String[] { "1e10000", "1e9999", "1e-10000" }) {
			HttpResponse<String> response = api().post("/accounts/acc-1/transfers", "application/json",
					"{\"toIban\":\"DE89370400440532013000\",\"amount\":" + amount + ",\"currency\":\"EUR\"}",
					"Authorization", "Bearer " + base);
			assertThat(response.statusCode()).as(amount + ": " + response.body()).isEqualTo(400);
			JsonNode problem = TestHttp.json(response);
			assertThat(problem.get("error").asString()).isEqualTo("invalid_request");
			assertThat(problem.has("authorization_details")).isFalse();
			assertThat(response.body().length()).isLessThan(600);
		}
	}

	@Test
	void transferWhenAmountOutsideTheCatalogThenBadRequestBeforeApprovalIsAsked() {
		HttpResponse<String> response = api().post("/accounts/acc-1/transfers", "application/json",
				"{\"toIban\":\"DE89370400440532013000\",\"amount\":\"5000000\",\"currency\":\"EUR\"}", "Authorization",
				"Bearer " + base);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(response).get("error_description").asString())
			.isEqualTo("parameter 'amount' must be at most 1000000 (from body:/amount)");
	}

	@Test
	void recordsWhenPathValueNotCanonicalOrBelowTheCatalogMinimumThenBadRequest() {
		String granted = grantedToken("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":43}}]");
		assertThat(api().get("/customers/43/records", "Authorization", "Bearer " + granted).statusCode())
			.isEqualTo(200);
		HttpResponse<String> fraction = api().get("/customers/43.0/records", "Authorization", "Bearer " + granted);
		assertThat(fraction.statusCode()).as(fraction.body()).isEqualTo(400);
		String upTo42 = grantedToken("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":{\"max\":42}}}]");
		HttpResponse<String> negative = api().get("/customers/-1/records", "Authorization", "Bearer " + upTo42);
		assertThat(negative.statusCode()).as(negative.body()).isEqualTo(400);
		assertThat(TestHttp.json(negative).get("error_description").asString()).contains("must be at least 1");
	}

	private static TestHttp api() {
		return new TestHttp(demo.apiUrl);
	}

	private static HttpResponse<String> transfer(String actionToken, String iban) {
		return api().post("/accounts/acc-1/transfers", "application/json",
				"{\"toIban\":\"" + iban + "\",\"amount\":\"1\",\"currency\":\"EUR\"}", "Authorization",
				"Bearer " + base, "Action-Token", actionToken);
	}

	private static String approvedTransfer(String iban) {
		ApprovalClient client = new ApprovalClient(new TestHttp(demo.issuer), base);
		HttpResponse<String> asked = client.create("{\"authorization_details\":[{\"type\":\"payments.transfer\","
				+ "\"parameters\":{\"fromAccount\":\"acc-1\",\"toIban\":\"" + iban
				+ "\",\"amount\":\"1\",\"currency\":\"EUR\"}}]}");
		assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
		String id = TestHttp.json(asked).get("approval_id").asString();
		ApprovalPage.signIn(demo.issuer, "alice", "alice-password")
			.approve(id, TestHttp.json(asked).get("user_code").asString());
		return TestHttp.json(client.mint(id)).get("action_token").asString();
	}

	private static String grantedToken(String details) {
		return demo.grantedToken(details);
	}

}
