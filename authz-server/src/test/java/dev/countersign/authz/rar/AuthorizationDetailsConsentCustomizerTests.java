package dev.countersign.authz.rar;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.countersign.core.AuthorizationDetail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The consent page's answer: each ticked entry becomes an authority of the consent, the
 * unticked ones not held before are reported as refused, "deny" grants nothing.
 */
class AuthorizationDetailsConsentCustomizerTests {

	private static final String RECORDS_42_43 = "[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}},"
			+ "{\"type\":\"records.read\",\"parameters\":{\"customerId\":43}}]";

	private final List<String> refused = new ArrayList<>();

	private final AuthorizationDetailsConsentCustomizer customizer = new AuthorizationDetailsConsentCustomizer(
			new GrantedAuthorizationDetails(new RequestedAuthorizationDetails(TestCatalogs.records()),
					new InMemoryOAuth2AuthorizationConsentService(),
					new ClientCredentialsPolicy(TestCatalogs.records())),
			(principal, clientId, details) -> details
				.forEach((detail) -> this.refused.add(principal + " " + clientId + " " + detail.parameters())));

	private final RegisteredClient client = TestRegisteredClients.demoClient().build();

	@Test
	void acceptWhenOneEntryTickedThenItGrantedAndTheOtherRefused() {
		OAuth2AuthorizationConsent.Builder consent = consent();

		this.customizer.accept(context(consent, Map.of("authorization_detail", "1")));

		assertThat(authorities(consent)).containsExactly(GrantedAuthorizationDetails.authority(records(43)));
		assertThat(this.refused).containsExactly("alice demo-client {customerId=42}");
	}

	@Test
	void acceptWhenDenyThenNothingGrantedAndEveryEntryRefused() {
		OAuth2AuthorizationConsent.Builder consent = consent();

		this.customizer.accept(context(consent, Map.of("authorization_detail", "0", "deny", "true")));

		assertThat(authorities(consent)).isEmpty();
		assertThat(this.refused).hasSize(2);
	}

	@Test
	void acceptWhenAnIndexIsUnknownOrRepeatedThenInvalidRequest() {
		for (Object ticked : List.of("2", "x", new String[] { "0", "0" })) {
			assertThatExceptionOfType(OAuth2AuthorizationCodeRequestAuthenticationException.class)
				.isThrownBy(() -> this.customizer.accept(context(consent(), Map.of("authorization_detail", ticked))))
				.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_request"));
		}
	}

	private OAuth2AuthorizationConsent.Builder consent() {
		return OAuth2AuthorizationConsent.withId("client-1", "alice")
			.authority(new SimpleGrantedAuthority("SCOPE_accounts.read"));
	}

	private OAuth2AuthorizationConsentAuthenticationContext context(OAuth2AuthorizationConsent.Builder consent,
			Map<String, Object> answer) {
		OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("http://localhost:9000/oauth2/authorize")
			.clientId("demo-client")
			.redirectUri("http://127.0.0.1:8081/callback")
			.additionalParameters(Map.of("authorization_details", RECORDS_42_43))
			.build();
		OAuth2Authorization authorization = OAuth2Authorization.withRegisteredClient(this.client)
			.principalName("alice")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.build();
		OAuth2AuthorizationConsentAuthenticationToken token = new OAuth2AuthorizationConsentAuthenticationToken(
				request.getAuthorizationUri(), "demo-client", new TestingAuthenticationToken("alice", null), "state",
				Set.of(), new HashMap<>(answer));
		return OAuth2AuthorizationConsentAuthenticationContext.with(token)
			.authorizationConsent(consent)
			.registeredClient(this.client)
			.authorization(authorization)
			.authorizationRequest(request)
			.build();
	}

	private static List<String> authorities(OAuth2AuthorizationConsent.Builder consent) {
		List<String> authorities = new ArrayList<>();
		consent.authorities((granted) -> granted.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith(GrantedAuthorizationDetails.AUTHORITY_PREFIX))
			.forEach(authorities::add));
		return authorities;
	}

	private static AuthorizationDetail records(int customerId) {
		return new AuthorizationDetail("records.read", Map.of("customerId", BigInteger.valueOf(customerId)), null);
	}

}
