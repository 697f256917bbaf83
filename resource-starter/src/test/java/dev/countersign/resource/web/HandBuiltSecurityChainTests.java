package dev.countersign.resource.web;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.countersign.resource.validation.ActionTypeSchemas;
import dev.countersign.resource.validation.TestActionTypeSchemas;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Chains built by hand, with the starter's joining turned off: {@code http.with(
 * countersign(), ...)} applied after the resource server still answers with SPEC's
 * problem, and a bound route that a chain without the check serves is refused, never
 * handed to the controller unchecked.
 */
@SpringBootTest(properties = {
		"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"countersign.resource.issuer-uri=http://localhost:9000", "countersign.resource.audience=http://localhost:8080",
		"countersign.resource.replay-store=in-memory", "countersign.resource.join-security-filter-chains=false",
		"countersign.resource.routes[0].method=GET", "countersign.resource.routes[0].path=/checked/{region}",
		"countersign.resource.routes[0].type=reports.read",
		"countersign.resource.routes[0].parameters.region=path:region", "countersign.resource.routes[1].method=GET",
		"countersign.resource.routes[1].path=/unchecked/{region}", "countersign.resource.routes[1].type=reports.read",
		"countersign.resource.routes[1].parameters.region=path:region" })
@AutoConfigureMockMvc
class HandBuiltSecurityChainTests {

	@Autowired
	MockMvc mvc;

	@Test
	void checkedChainWhenNoActionTokenThenApprovalRequiredProblem() throws Exception {
		this.mvc.perform(get("/checked/eu-west").with(jwt()))
			.andExpect(status().isForbidden())
			.andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.containsString("approval_required")))
			.andExpect(jsonPath("$.error").value("approval_required"))
			.andExpect(jsonPath("$.authorization_details[0].parameters.region").value("eu-west"));
	}

	@Test
	void checkedChainWhenSignedInOtherwiseThanByBearerTokenThenInvalidTokenProblem() throws Exception {
		this.mvc.perform(get("/checked/eu-west").with(user("alice")))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("invalid_token"))
			.andExpect(jsonPath("$.error_description").value("this route needs a bearer access token"));
	}

	@Test
	void chainWithoutTheCheckWhenBoundRouteThenRefusedNotHandedOn() throws Exception {
		this.mvc.perform(get("/unchecked/eu-west").with(jwt()))
			.andExpect(status().isInternalServerError())
			.andExpect(jsonPath("$.error").value("server_error"))
			.andExpect(
					jsonPath("$.error_description").value("this route is bound to reports.read but was not checked"));
	}

	@Test
	void chainWithoutTheCheckWhenUnboundRouteThenTheController() throws Exception {
		this.mvc.perform(get("/open").with(jwt())).andExpect(status().isOk());
	}

	@SpringBootApplication
	@Import(JwtPostProcessorOnly.class)
	static class TestApplication {

		@Bean
		@Order(1)
		SecurityFilterChain checkedChain(HttpSecurity http) {
			http.securityMatcher("/checked/**");
			http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated());
			http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
			http.with(CountersignConfigurer.countersign(), Customizer.withDefaults());
			return http.build();
		}

		@Bean
		@Order(2)
		SecurityFilterChain otherChain(HttpSecurity http) {
			http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated());
			http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
			return http.build();
		}

		@Bean
		ActionTypeSchemas actionTypeSchemas() {
			return TestActionTypeSchemas
				.of(TestActionTypeSchemas.type("reports.read", TestActionTypeSchemas.string("region", "[a-z-]+")));
		}

		@RestController
		static class Controller {

			@GetMapping({ "/checked/{region}", "/unchecked/{region}", "/open" })
			String report() {
				return "report";
			}

		}

	}

}
