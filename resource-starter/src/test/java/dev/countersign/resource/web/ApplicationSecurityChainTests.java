package dev.countersign.resource.web;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.countersign.resource.replay.ReplayStore;
import dev.countersign.resource.validation.ActionTypeSchemas;
import dev.countersign.resource.validation.TestActionTypeSchemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The check inside an application's own security filter chain, which the application did
 * not change for Countersign: the refusals reach the application's own
 * {@code AccessDeniedHandler}, a denial is an {@code AuthorizationDeniedEvent}, and a
 * request the chain refuses never reaches the check, so no token is spent on it.
 */
@SpringBootTest(properties = {
		"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"countersign.resource.issuer-uri=http://localhost:9000", "countersign.resource.audience=http://localhost:8080",
		"countersign.resource.routes[0].method=GET", "countersign.resource.routes[0].path=/reports/{region}",
		"countersign.resource.routes[0].type=reports.read",
		"countersign.resource.routes[0].parameters.region=path:region", "countersign.resource.routes[1].method=GET",
		"countersign.resource.routes[1].path=/records/{region}", "countersign.resource.routes[1].type=records.read",
		"countersign.resource.routes[1].mode=grant", "countersign.resource.routes[1].parameters.region=path:region",
		"countersign.resource.routes[2].method=DELETE", "countersign.resource.routes[2].path=/admin/{region}",
		"countersign.resource.routes[2].type=reports.read",
		"countersign.resource.routes[2].parameters.region=path:region" })
@AutoConfigureMockMvc
class ApplicationSecurityChainTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	TestApplication application;

	@BeforeEach
	void forget() {
		this.application.denials.clear();
		this.application.markedUsed.clear();
	}

	@Test
	void jitWhenNoActionTokenThenTheApplicationsAccessDeniedHandlerAnswers() throws Exception {
		this.mvc.perform(get("/reports/eu-west").with(jwt()))
			.andExpect(status().isForbidden())
			.andExpect(content().string("denied by the application: approval_required"
					+ " (this request needs an approved action token for reports.read)"));
		assertThat(this.application.denials).hasSize(1);
	}

	@Test
	void jitWhenActionTokenFailsThenTheApplicationsHandlerAnswersInvalidActionToken() throws Exception {
		this.mvc.perform(get("/reports/eu-west").header("Action-Token", "not-a-jwt").with(jwt()))
			.andExpect(status().isForbidden())
			.andExpect(content().string(
					org.hamcrest.Matchers.startsWith("denied by the application: invalid_action_token (signature: ")));
	}

	@Test
	void grantWhenNothingGrantedThenTheApplicationsHandlerAnswersAndAnAuthorizationDeniedEvent() throws Exception {
		this.mvc.perform(get("/records/eu-west").with(jwt()))
			.andExpect(status().isForbidden())
			.andExpect(content().string(
					"denied by the application: insufficient_authorization (no granted records.read admits this request)"));
		assertThat(this.application.denials).singleElement()
			.satisfies((event) -> assertThat(event.getAuthentication().get().getName()).isEqualTo("user"));
	}

	@Test
	void grantWhenGrantedThenTheController() throws Exception {
		this.mvc
			.perform(get("/records/eu-west").with(jwt().jwt((token) -> token.claim("authorization_details",
					List.of(java.util.Map.of("type", "records.read", "parameters",
							java.util.Map.of("region", "eu-west")))))))
			.andExpect(status().isOk())
			.andExpect(content().string("records"));
		assertThat(this.application.denials).isEmpty();
	}

	@Test
	void jitWhenTheChainRefusesFirstThenTheCheckNeverRunsAndNoTokenIsSpent() throws Exception {
		this.mvc.perform(delete("/admin/eu-west").header("Action-Token", "any").with(jwt()))
			.andExpect(status().isForbidden())
			.andExpect(content().string("denied by the application: AuthorizationDeniedException"));
		assertThat(this.application.markedUsed).isEmpty();
	}

	@Test
	void noBearerTokenThenTheChainsEntryPoint() throws Exception {
		this.mvc.perform(get("/reports/eu-west")).andExpect(status().isUnauthorized());
	}

	@SpringBootApplication
	@Import(JwtPostProcessorOnly.class)
	static class TestApplication {

		final List<AuthorizationDeniedEvent<?>> denials = new CopyOnWriteArrayList<>();

		final List<String> markedUsed = new CopyOnWriteArrayList<>();

		@Bean
		SecurityFilterChain applicationChain(HttpSecurity http) {
			http.authorizeHttpRequests((authorize) -> authorize.requestMatchers("/admin/**")
				.hasAuthority("SCOPE_admin")
				.anyRequest()
				.authenticated());
			http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
			http.exceptionHandling((exceptions) -> exceptions.accessDeniedHandler((request, response, denied) -> {
				response.setStatus(403);
				response.getWriter()
					.write("denied by the application: " + ((denied instanceof ActionAccessDeniedException refusal)
							? refusal.getError() + " (" + refusal.getMessage() + ")"
							: denied.getClass().getSimpleName()));
			}));
			return http.build();
		}

		@EventListener
		void denied(AuthorizationDeniedEvent<?> event) {
			if (event.getSource() instanceof jakarta.servlet.http.HttpServletRequest request
					&& !request.getRequestURI().startsWith("/admin")) {
				this.denials.add(event);
			}
		}

		@Bean
		ReplayStore replayStore() {
			return (jti, expiresAt) -> {
				this.markedUsed.add(jti + " " + Instant.now());
				return true;
			};
		}

		@Bean
		ActionTypeSchemas actionTypeSchemas() {
			return TestActionTypeSchemas.of(
					TestActionTypeSchemas.type("reports.read", TestActionTypeSchemas.string("region", "[a-z-]+")),
					TestActionTypeSchemas.type("records.read", TestActionTypeSchemas.string("region", "[a-z-]+")));
		}

		@RestController
		static class Controller {

			@GetMapping("/reports/{region}")
			String report() {
				return "report";
			}

			@GetMapping("/records/{region}")
			String records() {
				return "records";
			}

			@DeleteMapping("/admin/{region}")
			String close() {
				return "closed";
			}

		}

	}

}
