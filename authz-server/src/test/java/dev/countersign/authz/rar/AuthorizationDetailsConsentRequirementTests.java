package dev.countersign.authz.rar;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import dev.countersign.authz.token.ClientMetadata;
import dev.countersign.core.AuthorizationDetail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the user is asked: for every requested {@code authorization_details} entry the
 * stored consent does not hold, whatever the client's setting; for scopes as Spring
 * Authorization Server asks.
 */
class AuthorizationDetailsConsentRequirementTests {

	private static final String REDIRECT_URI = "http://127.0.0.1:8081/callback";

	private static final String RECORDS_43 = "[{\"type\":\"records.read\",\"parameters\":{\"customerId\":43}}]";

	private final AuthorizationDetailsConsentRequirement requirement = new AuthorizationDetailsConsentRequirement(
			new GrantedAuthorizationDetails(new RequestedAuthorizationDetails(TestCatalogs.records()),
					new InMemoryOAuth2AuthorizationConsentService(),
					new ClientCredentialsPolicy(TestCatalogs.records())));

	@Test
	void testWhenDetailsRequestedAndNoConsentThenAsked() {
		assertThat(this.requirement.test(context(false, Set.of("accounts.read"), RECORDS_43, null))).isTrue();
	}

	@Test
	void testWhenTheConsentHoldsExactlyTheRequestedDetailThenNotAskedAgain() {
		RegisteredClient client = client(false);
		OAuth2AuthorizationConsent consent = consent(client, records(43), "accounts.read");
		assertThat(this.requirement.test(context(client, Set.of("accounts.read"), RECORDS_43, consent))).isFalse();
	}

	@Test
	void testWhenTheConsentHoldsAnotherDetailThenAskedAgainWhateverTheClientSetting() {
		RegisteredClient client = client(false);
		OAuth2AuthorizationConsent consent = consent(client, records(42), "accounts.read");
		assertThat(this.requirement.test(context(client, Set.of("accounts.read"), RECORDS_43, consent))).isTrue();
	}

	@Test
	void testWhenNoDetailsThenScopesDecideAsSpringAuthorizationServerDoes() {
		assertThat(this.requirement.test(context(true, Set.of("accounts.read"), null, null))).isTrue();
		assertThat(this.requirement.test(context(true, Set.of("openid"), null, null))).isFalse();
		assertThat(this.requirement.test(context(false, Set.of("accounts.read"), null, null))).isFalse();
	}

	private static AuthorizationDetail records(int customerId) {
		return new AuthorizationDetail("records.read", Map.of("customerId", BigInteger.valueOf(customerId)), null);
	}

	private static OAuth2AuthorizationConsent consent(RegisteredClient client, AuthorizationDetail detail,
			String scope) {
		return OAuth2AuthorizationConsent.withId(client.getId(), "alice")
			.authority(new SimpleGrantedAuthority(GrantedAuthorizationDetails.authority(detail)))
			.scope(scope)
			.build();
	}

	private static OAuth2AuthorizationCodeRequestAuthenticationContext context(boolean requireConsent,
			Set<String> scopes, @Nullable String details, @Nullable OAuth2AuthorizationConsent consent) {
		return context(client(requireConsent), scopes, details, consent);
	}

	private static OAuth2AuthorizationCodeRequestAuthenticationContext context(RegisteredClient client,
			Set<String> scopes, @Nullable String details, @Nullable OAuth2AuthorizationConsent consent) {
		Map<String, Object> parameters = (details != null) ? Map.of("authorization_details", details) : Map.of();
		OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("http://localhost:9000/oauth2/authorize")
			.clientId(client.getClientId())
			.redirectUri(REDIRECT_URI)
			.scopes(scopes)
			.additionalParameters(parameters)
			.build();
		OAuth2AuthorizationCodeRequestAuthenticationToken authentication = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				request.getAuthorizationUri(), client.getClientId(), new TestingAuthenticationToken("alice", null),
				REDIRECT_URI, null, scopes, parameters);
		OAuth2AuthorizationCodeRequestAuthenticationContext.Builder context = OAuth2AuthorizationCodeRequestAuthenticationContext
			.with(authentication)
			.registeredClient(client)
			.authorizationRequest(request);
		if (consent != null) {
			context.authorizationConsent(consent);
		}
		return context.build();
	}

	private static RegisteredClient client(boolean requireConsent) {
		return RegisteredClient.withId("client-" + UUID.randomUUID())
			.clientId("demo-client")
			.clientSecret("{noop}secret")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(REDIRECT_URI)
			.scope("openid")
			.scope("accounts.read")
			.clientSettings(ClientMetadata
				.with(ClientSettings.builder().requireAuthorizationConsent(requireConsent),
						ClientMetadata.AUTHORIZATION_DETAILS_TYPES, List.of("records.read"))
				.build())
			.build();
	}

}
