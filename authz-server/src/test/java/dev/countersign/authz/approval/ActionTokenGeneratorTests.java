package dev.countersign.authz.approval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;

import dev.countersign.authz.token.TestRegisteredClients;
import dev.countersign.core.AuthorizationDetail;

import static org.assertj.core.api.Assertions.assertThat;

class ActionTokenGeneratorTests {

	private static ActionTokenGenerator generator;

	@BeforeAll
	static void encoder() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
		generator = new ActionTokenGenerator(new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key))));
		generator.setClock(java.time.Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC));
	}

	@Test
	void generateWhenOtherTokenTypeThenNull() {
		assertThat(generator.generate(context(OAuth2TokenType.ACCESS_TOKEN).build())).isNull();
	}

	@Test
	void generateWhenActionTokenThenTypedBoundAndShortLived() {
		Jwt jwt = (Jwt) generator.generate(context(ActionTokenGenerator.ACTION_TOKEN).build());

		assertThat(jwt.getHeaders()).containsEntry("typ", "action+jwt");
		assertThat(jwt.getHeaders().get("alg")).hasToString("RS256");
		assertThat(jwt.getIssuer().toString()).isEqualTo("https://as.example");
		assertThat(jwt.getSubject()).isEqualTo("alice");
		assertThat(jwt.getAudience()).containsExactly("https://api.example");
		assertThat(jwt.getClaimAsString("client_id")).isEqualTo("client-1");
		assertThat(jwt.getClaimAsString("ath")).isEqualTo("hash-of-base-token");
		assertThat(jwt.getClaimAsString("approval_id")).isEqualTo("ap-1");
		assertThat(jwt.getClaimAsString("acr")).isEqualTo(ActionApprovalService.PASSWORD_ACR);
		assertThat(jwt.<Object>getClaim("auth_time")).isEqualTo(1767225000L);
		assertThat(jwt.getIssuedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
		assertThat(jwt.getNotBefore()).isEqualTo(jwt.getIssuedAt());
		assertThat(jwt.getExpiresAt()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
		assertThat(jwt.getId()).isNotBlank();
		List<Map<String, Object>> details = jwt.getClaim("authorization_details");
		assertThat(details).singleElement().satisfies((detail) -> {
			assertThat(detail).containsEntry("type", "records.read");
			assertThat(detail.get("parameters")).isEqualTo(Map.of("customerId", java.math.BigInteger.valueOf(42)));
		});
	}

	private static DefaultOAuth2TokenContext.Builder context(OAuth2TokenType type) {
		ActionApproval approval = new ActionApproval("ap-1", "client-1", "alice", "records.read", "https://api.example",
				new AuthorizationDetail("records.read", Map.of("customerId", java.math.BigInteger.valueOf(42)), null),
				null, "hash-of-creating-token", "authorization-1", "42", List.of("42", "17", "88"),
				ApprovalStatus.APPROVED, 0, null, Instant.EPOCH, Instant.EPOCH, null, null, "alice",
				ActionApprovalService.PASSWORD_ACR, Instant.ofEpochSecond(1767225000L), null, null, null, null, null,
				null, null, null);
		AuthorizationServerContext server = new AuthorizationServerContext() {
			@Override
			public String getIssuer() {
				return "https://as.example";
			}

			@Override
			public AuthorizationServerSettings getAuthorizationServerSettings() {
				return AuthorizationServerSettings.builder().build();
			}
		};
		return DefaultOAuth2TokenContext.builder()
			.registeredClient(TestRegisteredClients.client("https://api.example"))
			.principal(new TestingAuthenticationToken("alice", null))
			.authorizationServerContext(server)
			.tokenType(type)
			.put(ActionApproval.class, approval)
			.put(ActionTokenGenerator.ACCESS_TOKEN_HASH, "hash-of-base-token")
			.put(ActionTokenGenerator.LIFETIME, Duration.ofSeconds(60));
	}

}
