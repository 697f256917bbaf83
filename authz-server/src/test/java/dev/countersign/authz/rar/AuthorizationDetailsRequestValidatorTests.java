package dev.countersign.authz.rar;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import dev.countersign.authz.token.ClientMetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The authorization endpoint's check of {@code authorization_details}, on Spring
 * Authorization Server's own request context: a fitting parameter passes, a bad one is
 * reported to the client as {@code invalid_authorization_details} (RFC 9396 section 5) at
 * its redirect URI.
 */
class AuthorizationDetailsRequestValidatorTests {

	private static final String REDIRECT_URI = "http://127.0.0.1:8081/callback";

	private final AuthorizationDetailsRequestValidator validator = new AuthorizationDetailsRequestValidator(
			new RequestedAuthorizationDetails(TestCatalogs.records()));

	@Test
	void acceptWhenNoAuthorizationDetailsThenPasses() {
		assertThatNoException().isThrownBy(() -> this.validator.accept(context(Map.of())));
	}

	@Test
	void acceptWhenTheDetailsFitTheCatalogAndTheClientThenPasses() {
		assertThatNoException().isThrownBy(() -> this.validator.accept(context(Map.of("authorization_details",
				"[{\"type\":\"records.read\",\"parameters\":{\"customerId\":{\"in\":[42,43]}}}]"))));
	}

	@Test
	void acceptWhenADetailBreaksTheCatalogThenInvalidAuthorizationDetailsAtTheRedirectUri() {
		assertThatExceptionOfType(OAuth2AuthorizationCodeRequestAuthenticationException.class)
			.isThrownBy(() -> this.validator.accept(context(Map.of("authorization_details",
					"[{\"type\":\"records.read\",\"parameters\":{\"customerId\":{\"prefix\":\"4\"}}}]"))))
			.satisfies((ex) -> {
				assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_authorization_details");
				assertThat(ex.getError().getDescription()).startsWith("authorization_details[0]: ");
				assertThat(ex.getAuthorizationCodeRequestAuthentication()).isNotNull();
				assertThat(ex.getAuthorizationCodeRequestAuthentication().getRedirectUri()).isEqualTo(REDIRECT_URI);
			});
	}

	private static OAuth2AuthorizationCodeRequestAuthenticationContext context(Map<String, Object> parameters) {
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("demo-client")
			.clientSecret("{noop}secret")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(REDIRECT_URI)
			.scope("accounts.read")
			.clientSettings(ClientMetadata
				.with(ClientSettings.builder(), ClientMetadata.AUTHORIZATION_DETAILS_TYPES, List.of("records.read"))
				.build())
			.build();
		OAuth2AuthorizationCodeRequestAuthenticationToken request = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				"http://localhost:9000/oauth2/authorize", client.getClientId(),
				new TestingAuthenticationToken("alice", null), REDIRECT_URI, "s-1", Set.of("accounts.read"),
				parameters);
		return OAuth2AuthorizationCodeRequestAuthenticationContext.with(request).registeredClient(client).build();
	}

}
