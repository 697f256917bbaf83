package dev.countersign.e2e;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import dev.countersign.authz.token.ClientMetadata;
import dev.countersign.test.FreePorts;
import dev.countersign.test.HeadlessChromium;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Query-level approval with a real, unchanged OAuth2 client: a Spring Boot application
 * using Spring Security's OAuth2 client (login with the authorization code flow), whose
 * only addition is a request customizer that puts {@code authorization_details} and
 * {@code resource} into the authorization request. A headless Chromium signs alice in and
 * grants the consent page as shown; the client then calls the demo API with the access
 * token Spring Security obtained: the records of customer 42 are readable, those of
 * customer 43 are not.
 */
class QueryLevelApprovalClientIT {

	static final String DETAILS = "[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}}]";

	private static RunningDemo demo;

	private static ConfigurableApplicationContext client;

	private static String clientUrl;

	private static HeadlessChromium chromium;

	@BeforeAll
	static void start() {
		demo = RunningDemo.get();
		int port = FreePorts.next();
		clientUrl = "http://127.0.0.1:" + port;
		String clientId = "records-app-" + UUID.randomUUID().toString().substring(0, 8);
		registerClient(clientId, clientUrl + "/login/oauth2/code/countersign");
		client = new SpringApplicationBuilder(RecordsApp.class).run("--server.port=" + port,
				"--server.address=127.0.0.1", "--logging.level.root=WARN", "--spring.config.name=records-app",
				RunningDemo.NO_DATABASE, "--countersign.resource.enabled=false", "--records-app.api-url=" + demo.apiUrl,
				"--spring.security.oauth2.client.provider.countersign.issuer-uri=" + demo.issuer,
				"--spring.security.oauth2.client.registration.countersign.provider=countersign",
				"--spring.security.oauth2.client.registration.countersign.client-id=" + clientId,
				"--spring.security.oauth2.client.registration.countersign.client-secret=records-app-secret",
				"--spring.security.oauth2.client.registration.countersign.authorization-grant-type=authorization_code",
				"--spring.security.oauth2.client.registration.countersign.redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
				"--spring.security.oauth2.client.registration.countersign.scope=openid,accounts.read");
		chromium = HeadlessChromium.start();
	}

	@AfterAll
	static void stop() {
		if (chromium != null) {
			chromium.close();
		}
		if (client != null) {
			client.close();
		}
	}

	@Test
	void clientWhenAliceGrantsCustomer42ThenItsTokenReadsCustomer42AndNot43() {
		WebDriver browser = chromium.driver();
		browser.get(clientUrl + "/records/42");
		chromium.signIn("alice", "alice-password");
		chromium.waitFor(By.id("consent"));
		assertThat(browser.findElement(By.cssSelector(".detail .action")).getText())
			.isEqualTo("Read the records of customer 42");
		chromium.button("Approve").click();

		chromium.waitForUrl(clientUrl + "/records/42");
		assertThat(chromium.waitFor(By.tagName("body")).getText()).startsWith("200 ").contains("KYC check passed");

		browser.get(clientUrl + "/records/43");
		assertThat(chromium.waitFor(By.tagName("body")).getText()).startsWith("403 ")
			.contains("insufficient_authorization");
	}

	private static void registerClient(String clientId, String redirectUri) {
		ClientSettings.Builder settings = ClientSettings.builder().requireAuthorizationConsent(true);
		ClientMetadata.with(settings, ClientMetadata.RESOURCES, List.of("http://localhost:8080"));
		ClientMetadata.with(settings, ClientMetadata.AUTHORIZATION_DETAILS_TYPES, List.of("records.read"));
		demo.authorizationServer.getBean(RegisteredClientRepository.class)
			.save(RegisteredClient.withId(UUID.randomUUID().toString())
				.clientId(clientId)
				.clientName("Records app")
				.clientSecret("{noop}records-app-secret")
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.redirectUri(redirectUri)
				.scope("openid")
				.scope("accounts.read")
				.clientSettings(settings.build())
				.build());
	}

	/**
	 * The client application: Spring Boot's OAuth2 client configuration from properties,
	 * login with Spring Security, and one request customizer.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(RecordsController.class)
	static class RecordsApp {

		@Bean
		SecurityFilterChain security(HttpSecurity http, ClientRegistrationRepository registrations) {
			DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
					registrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
			resolver.setAuthorizationRequestCustomizer((request) -> request
				.additionalParameters(Map.of("authorization_details", DETAILS, "resource", "http://localhost:8080")));
			http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated());
			http.oauth2Login((login) -> login
				.authorizationEndpoint((endpoint) -> endpoint.authorizationRequestResolver(resolver)));
			http.oauth2Client(Customizer.withDefaults());
			return http.build();
		}

	}

	/**
	 * Calls the demo API with the access token Spring Security holds for the signed-in
	 * user and shows what the API answered.
	 */
	@RestController
	static class RecordsController {

		private final RestClient http = RestClient.create();

		private final String apiUrl;

		RecordsController(org.springframework.core.env.Environment environment) {
			this.apiUrl = environment.getRequiredProperty("records-app.api-url");
		}

		@GetMapping("/records/{customerId}")
		String records(@PathVariable String customerId,
				@RegisteredOAuth2AuthorizedClient("countersign") OAuth2AuthorizedClient authorized) {
			ResponseEntity<String> answer = this.http.get()
				.uri(this.apiUrl + "/customers/{id}/records", customerId)
				.headers((headers) -> headers.setBearerAuth(authorized.getAccessToken().getTokenValue()))
				.retrieve()
				.onStatus(HttpStatusCode::isError, (request, response) -> {
				})
				.toEntity(String.class);
			return answer.getStatusCode().value() + " " + answer.getBody();
		}

	}

}
