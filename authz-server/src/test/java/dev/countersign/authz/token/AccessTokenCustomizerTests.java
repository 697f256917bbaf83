package dev.countersign.authz.token;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.transaction.support.TransactionOperations;

import dev.countersign.authz.config.CountersignProperties;
import dev.countersign.authz.keys.PrivateKeyEncryptor;
import dev.countersign.authz.keys.SigningKeyRepository;
import dev.countersign.authz.keys.SigningKeys;
import dev.countersign.authz.keys.StoredSigningKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AccessTokenCustomizerTests {

	private static SigningKeys signingKeys;

	private final RegisteredClient client = TestRegisteredClients.client("https://api.example");

	@BeforeAll
	static void keys() {
		List<StoredSigningKey> stored = new java.util.ArrayList<>();
		SigningKeyRepository repository = new SigningKeyRepository() {
			@Override
			public List<StoredSigningKey> findAll() {
				return stored;
			}

			@Override
			public List<StoredSigningKey> findServedAt(java.time.Instant now) {
				return stored;
			}

			@Override
			public void insert(StoredSigningKey key) {
				stored.add(key);
			}

			@Override
			public int retireAllExcept(String exceptKid, java.time.Instant retiresAt) {
				return 0;
			}

			@Override
			public void lockForChange() {
			}
		};
		CountersignProperties.Keys properties = new CountersignProperties.Keys();
		properties.setAlgorithm("ES256");
		properties.setRefreshInterval(Duration.ofHours(1));
		signingKeys = new SigningKeys(repository,
				new PrivateKeyEncryptor(java.util.Base64.getEncoder().encodeToString(new byte[32])),
				TransactionOperations.withoutTransaction(), properties.toSettings());
		signingKeys.initialize();
	}

	@Test
	void customizeWhenAccessTokenThenRfc9068TypeClientIdAndAudience() {
		JwtEncodingContext context = context(OAuth2TokenType.ACCESS_TOKEN, Map.of());
		new AccessTokenCustomizer(signingKeys).customize(context);
		JwsHeader header = context.getJwsHeader().build();
		JwtClaimsSet claims = context.getClaims().build();
		assertThat(header.getType()).isEqualTo("at+jwt");
		assertThat(header.getAlgorithm()).isEqualTo(SignatureAlgorithm.ES256);
		assertThat(claims.<String>getClaim("client_id")).isEqualTo("client-1");
		assertThat(claims.getAudience()).containsExactly("https://api.example");
		assertThat(claims.<String>getClaim("scope")).isEqualTo("accounts.read records.read");
	}

	@Test
	void customizeWhenResourceNotRegisteredThenInvalidTarget() {
		JwtEncodingContext context = context(OAuth2TokenType.ACCESS_TOKEN, Map.of("resource", "https://evil.example"));
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> new AccessTokenCustomizer(signingKeys).customize(context))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_target"));
	}

	@Test
	void customizeWhenIdTokenThenOnlyAlgorithm() {
		JwtEncodingContext context = context(new OAuth2TokenType(OidcParameterNames.ID_TOKEN), Map.of());
		new AccessTokenCustomizer(signingKeys).customize(context);
		assertThat(context.getJwsHeader().build().getType()).isNull();
		assertThat(context.getJwsHeader().build().getAlgorithm()).isEqualTo(SignatureAlgorithm.ES256);
		assertThat(context.getClaims().build().getAudience()).containsExactly("client-1");
	}

	private JwtEncodingContext context(OAuth2TokenType tokenType, Map<String, Object> parameters) {
		OAuth2ClientAuthenticationToken clientPrincipal = new OAuth2ClientAuthenticationToken(this.client,
				ClientAuthenticationMethod.CLIENT_SECRET_BASIC, null);
		return JwtEncodingContext
			.with(JwsHeader.with(SignatureAlgorithm.RS256),
					JwtClaimsSet.builder().subject("client-1").audience(List.of("client-1")))
			.registeredClient(this.client)
			.principal(new TestingAuthenticationToken("client-1", null))
			.authorizedScopes(new java.util.LinkedHashSet<>(List.of("accounts.read", "records.read")))
			.tokenType(tokenType)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.authorizationGrant(
					new OAuth2ClientCredentialsAuthenticationToken(clientPrincipal, java.util.Set.of(), parameters))
			.build();
	}

}
