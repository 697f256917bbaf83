package dev.countersign.authz.rar;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

import dev.countersign.core.AuthorizationDetail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AuthorizationDetailsTokenCustomizerTests {

	private final InMemoryOAuth2AuthorizationConsentService consents = new InMemoryOAuth2AuthorizationConsentService();

	private final AuthorizationDetailsTokenCustomizer customizer = new AuthorizationDetailsTokenCustomizer(
			new GrantedAuthorizationDetails(new RequestedAuthorizationDetails(TestCatalogs.records()), this.consents,
					new ClientCredentialsPolicy(TestCatalogs.records())));

	private final RegisteredClient client = TestRegisteredClients.demoClient().build();

	@Test
	void customizeWhenAccessTokenOfAGrantWithConsentedDetailsThenTheClaimInRequestOrder() {
		this.consents.save(OAuth2AuthorizationConsent.withId("client-1", "alice")
			.authority(new SimpleGrantedAuthority(GrantedAuthorizationDetails.authority(records(43))))
			.build());
		JwtEncodingContext context = context(OAuth2TokenType.ACCESS_TOKEN, Map.of());

		this.customizer.customize(context);

		List<Map<String, Object>> claim = context.getClaims().build().getClaim("authorization_details");
		assertThat(claim).singleElement().satisfies((entry) -> {
			assertThat(entry).containsEntry("type", "records.read");
			assertThat(entry.get("parameters")).isEqualTo(Map.of("customerId", BigInteger.valueOf(43)));
		});
	}

	@Test
	void customizeWhenNothingGrantedOrNotAnAccessTokenThenNoClaim() {
		JwtEncodingContext access = context(OAuth2TokenType.ACCESS_TOKEN, Map.of());
		JwtEncodingContext idToken = context(new OAuth2TokenType("id_token"), Map.of());

		this.customizer.customize(access);
		this.customizer.customize(idToken);

		assertThat(access.getClaims().build().hasClaim("authorization_details")).isFalse();
		assertThat(idToken.getClaims().build().hasClaim("authorization_details")).isFalse();
	}

	@Test
	void customizeWhenTheTokenRequestWidensThenInvalidAuthorizationDetails() {
		JwtEncodingContext context = context(OAuth2TokenType.ACCESS_TOKEN,
				Map.of("authorization_details", "[{\"type\":\"records.read\",\"parameters\":{\"customerId\":43}}]"));

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.customizer.customize(context))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_authorization_details"));
	}

	private JwtEncodingContext context(OAuth2TokenType type, Map<String, Object> tokenRequest) {
		OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("http://localhost:9000/oauth2/authorize")
			.clientId("demo-client")
			.redirectUri("http://127.0.0.1:8081/callback")
			.additionalParameters(
					Map.of("authorization_details", "[{\"type\":\"records.read\",\"parameters\":{\"customerId\":43}}]"))
			.build();
		OAuth2Authorization authorization = OAuth2Authorization.withRegisteredClient(this.client)
			.principalName("alice")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.attribute(OAuth2AuthorizationRequest.class.getName(), request)
			.build();
		return JwtEncodingContext
			.with(JwsHeader.with(SignatureAlgorithm.RS256), JwtClaimsSet.builder().subject("alice"))
			.registeredClient(this.client)
			.principal(new TestingAuthenticationToken("alice", null))
			.tokenType(type)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorization(authorization)
			.authorizationGrant(new OAuth2AuthorizationCodeAuthenticationToken("code",
					new TestingAuthenticationToken("demo-client", null), "http://127.0.0.1:8081/callback",
					tokenRequest))
			.build();
	}

	private static AuthorizationDetail records(int customerId) {
		return new AuthorizationDetail("records.read", Map.of("customerId", BigInteger.valueOf(customerId)), null);
	}

}
