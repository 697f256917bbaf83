package dev.countersign.authz.rar;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token response echoes the access token's {@code authorization_details} (RFC 9396
 * section 7) and keeps what the provider put there before.
 */
class AuthorizationDetailsTokenResponseCustomizerTests {

	private final AuthorizationDetailsTokenResponseCustomizer customizer = new AuthorizationDetailsTokenResponseCustomizer();

	@Test
	void acceptWhenTheTokenCarriesDetailsThenTheResponseEchoesThemBesideTheIdToken() {
		OAuth2AccessTokenResponse response = respond(
				"{\"sub\":\"alice\",\"authorization_details\":[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}}]}");
		assertThat(response.getAdditionalParameters()).containsEntry("id_token", "the-id-token");
		assertThat(response.getAdditionalParameters().get("authorization_details")).isEqualTo(List
			.of(Map.of("type", "records.read", "parameters", Map.of("customerId", java.math.BigInteger.valueOf(42)))));
	}

	@Test
	void acceptWhenTheTokenCarriesNoneThenTheResponseIsLeftAlone() {
		OAuth2AccessTokenResponse response = respond("{\"sub\":\"alice\"}");
		assertThat(response.getAdditionalParameters()).doesNotContainKey("authorization_details");
	}

	private OAuth2AccessTokenResponse respond(String claims) {
		String jwt = encode("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}") + "." + encode(claims) + ".c2ln";
		Instant now = Instant.now();
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, jwt, now,
				now.plusSeconds(300));
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("demo-client")
			.clientSecret("{noop}secret")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.build();
		OAuth2AccessTokenAuthenticationToken authentication = new OAuth2AccessTokenAuthenticationToken(client,
				new TestingAuthenticationToken("demo-client", null), token, null, Map.of("id_token", "the-id-token"));
		OAuth2AccessTokenResponse.Builder response = OAuth2AccessTokenResponse.withToken(jwt)
			.tokenType(OAuth2AccessToken.TokenType.BEARER)
			.additionalParameters(Map.of("id_token", "the-id-token"));
		this.customizer
			.accept(OAuth2AccessTokenAuthenticationContext.with(authentication).accessTokenResponse(response).build());
		return response.build();
	}

	private static String encode(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
