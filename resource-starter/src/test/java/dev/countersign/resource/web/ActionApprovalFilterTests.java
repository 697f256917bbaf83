package dev.countersign.resource.web;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.countersign.resource.validation.ActionTypeSchemas;
import dev.countersign.resource.validation.TestActionTypeSchemas;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The filter in a small application: routes bound in properties, values from query,
 * header, form and JSON body, parameters given twice refused, the body handed on
 * unchanged.
 */
@SpringBootTest(properties = {
		"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"countersign.resource.issuer-uri=http://localhost:9000", "countersign.resource.audience=http://localhost:8080",
		"countersign.resource.replay-store=in-memory", "countersign.resource.routes[0].method=GET",
		"countersign.resource.routes[0].path=/reports/{region}", "countersign.resource.routes[0].type=reports.read",
		"countersign.resource.routes[0].parameters.region=path:region",
		"countersign.resource.routes[0].parameters.year=query:year",
		"countersign.resource.routes[0].parameters.tenant=header:X-Tenant",
		"countersign.resource.routes[1].method=POST", "countersign.resource.routes[1].path=/payments",
		"countersign.resource.routes[1].type=payments.pay",
		"countersign.resource.routes[1].parameters.amount=form:amount", "countersign.resource.routes[2].method=POST",
		"countersign.resource.routes[2].path=/echo", "countersign.resource.routes[2].type=echo.grant",
		"countersign.resource.routes[2].mode=grant", "countersign.resource.routes[2].parameters.value=body:/value" })
@AutoConfigureMockMvc
class ActionApprovalFilterTests {

	@Autowired
	MockMvc mvc;

	@Test
	void jitWhenNoActionTokenThenApprovalRequiredWithValuesFromPathQueryAndHeader() throws Exception {
		this.mvc.perform(get("/reports/eu-west").queryParam("year", "2026").header("X-Tenant", "acme").with(jwt()))
			.andExpect(status().isForbidden())
			.andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.containsString("approval_required")))
			.andExpect(jsonPath("$.error").value("approval_required"))
			.andExpect(jsonPath("$.authorization_details[0].type").value("reports.read"))
			.andExpect(jsonPath("$.authorization_details[0].parameters.region").value("eu-west"))
			.andExpect(jsonPath("$.authorization_details[0].parameters.year").value(2026))
			.andExpect(jsonPath("$.authorization_details[0].parameters.tenant").value("acme"));
	}

	@Test
	void jitWhenQueryParameterGivenTwiceThenInvalidRequest() throws Exception {
		this.mvc.perform(get("/reports/eu-west").queryParam("year", "2026", "2027").with(jwt()))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("invalid_request"))
			.andExpect(jsonPath("$.error_description").value("query:year is given 2 times"));
	}

	@Test
	void jitWhenFormFieldThenExtracted() throws Exception {
		this.mvc.perform(
				post("/payments").contentType("application/x-www-form-urlencoded").content("amount=12.50").with(jwt()))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.authorization_details[0].parameters.amount").value(12.5));
	}

	@Test
	void jitWhenActionTokenMalformedThenInvalidActionToken() throws Exception {
		this.mvc.perform(get("/reports/eu-west").header("Action-Token", "not-a-jwt").with(jwt()))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error").value("invalid_action_token"));
	}

	@Test
	void grantWhenTokenGrantsValueThenControllerGetsTheSameBody() throws Exception {
		this.mvc
			.perform(post("/echo").contentType("application/json")
				.content("{\"value\":\"a\",\"other\":1}")
				.with(jwt().jwt((token) -> token.claim("authorization_details",
						java.util.List.of(Map.of("type", "echo.grant", "parameters", Map.of("value", "a")))))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.value").value("a"))
			.andExpect(jsonPath("$.other").value(1));
	}

	@Test
	void grantWhenNothingGrantedThenInsufficientAuthorization() throws Exception {
		this.mvc.perform(post("/echo").contentType("application/json").content("{\"value\":\"a\"}").with(jwt()))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error").value("insufficient_authorization"));
	}

	@Test
	void unboundRouteThenUntouched() throws Exception {
		this.mvc.perform(get("/open").with(jwt())).andExpect(status().isOk());
	}

	@Test
	void transactionTokenWhenOnAnotherRouteThenInsufficientScope() throws Exception {
		this.mvc.perform(get("/open").with(transactionToken("reports.read")))
			.andExpect(status().isForbidden())
			.andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.containsString("insufficient_scope")));
		this.mvc
			.perform(post("/echo").contentType("application/json")
				.content("{\"value\":\"a\"}")
				.with(transactionToken("echo.grant")))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error").value("insufficient_scope"));
		this.mvc
			.perform(post("/payments").contentType("application/x-www-form-urlencoded")
				.content("amount=12.50")
				.with(transactionToken("reports.read")))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error").value("insufficient_scope"));
	}

	@Test
	void transactionTokenWhenAnActionTokenBesideItThenInvalidActionToken() throws Exception {
		this.mvc
			.perform(get("/reports/eu-west").queryParam("year", "2026")
				.header("X-Tenant", "acme")
				.header("Action-Token", "another")
				.with(transactionToken("reports.read")))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error").value("invalid_action_token"))
			.andExpect(jsonPath("$.error_description")
				.value(org.hamcrest.Matchers.startsWith("typ: a transaction access token stands alone")));
	}

	private static org.springframework.test.web.servlet.request.RequestPostProcessor transactionToken(String type) {
		return jwt().jwt((token) -> token.claim("txn", "approval-1")
			.claim("authorization_details", java.util.List.of(Map.of("type", type, "parameters", Map.of()))));
	}

	@SpringBootApplication
	static class TestApplication {

		@Bean
		ActionTypeSchemas actionTypeSchemas() {
			return TestActionTypeSchemas.of(
					TestActionTypeSchemas.type("reports.read", TestActionTypeSchemas.string("region", "[a-z-]+"),
							TestActionTypeSchemas.integer("year", 2000, 2100),
							TestActionTypeSchemas.string("tenant", null)),
					TestActionTypeSchemas.type("payments.pay", TestActionTypeSchemas.decimal("amount", "0.01", "1000")),
					TestActionTypeSchemas.type("echo.grant", TestActionTypeSchemas.string("value", null)));
		}

		@Bean
		JwtDecoder jwtDecoder() {
			return (token) -> {
				throw new UnsupportedOperationException("tests authenticate with jwt()");
			};
		}

		@RestController
		static class Controller {

			@org.springframework.web.bind.annotation.GetMapping({ "/reports/{region}", "/open" })
			String report() {
				return "ok";
			}

			@PostMapping("/payments")
			String pay() {
				return "paid";
			}

			@PostMapping("/echo")
			Map<String, Object> echo(@RequestBody Map<String, Object> body) {
				return body;
			}

		}

	}

}
