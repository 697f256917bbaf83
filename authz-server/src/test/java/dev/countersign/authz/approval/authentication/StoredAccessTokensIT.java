package dev.countersign.authz.approval.authentication;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.countersign.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The base-token check's narrow look-up against what Spring Authorization Server's own
 * JDBC service stores, on PostgreSQL with the server's migrations: the same answers as
 * the whole authorization would give.
 */
class StoredAccessTokensIT {

	private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	private static final RegisteredClient CLIENT = RegisteredClient.withId(UUID.randomUUID().toString())
		.clientId("demo-client")
		.clientSecret("{noop}secret")
		.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
		.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
		.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
		.redirectUri("http://localhost/callback")
		.build();

	private static JdbcTemplate jdbc;

	private static JdbcOAuth2AuthorizationService service;

	@BeforeAll
	static void database() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(TestDatabase.createDatabase());
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		jdbc = new JdbcTemplate(dataSource);
		service = new JdbcOAuth2AuthorizationService(jdbc, new InMemoryRegisteredClientRepository(CLIENT));
	}

	@Test
	void findWhenStoredBySpringThenSameAnswersAsTheWholeAuthorization() {
		OAuth2Authorization authorization = save(AuthorizationGrantType.AUTHORIZATION_CODE, "token-code");
		StoredAccessTokens.StoredAccessToken narrow = StoredAccessTokens.jdbc(jdbc).find("token-code");
		StoredAccessTokens.StoredAccessToken whole = StoredAccessTokens.of(service).find("token-code");
		assertThat(narrow).isEqualTo(whole);
		assertThat(narrow.authorizationId()).isEqualTo(authorization.getId());
		assertThat(narrow.grantType()).isEqualTo("authorization_code");
		assertThat(narrow.isActive(NOW)).isTrue();
		assertThat(narrow.isActive(NOW.plusSeconds(301))).isFalse();
		assertThat(StoredAccessTokens.jdbc(jdbc).find("never-issued")).isNull();
	}

	@Test
	void findWhenRevokedThroughTheServiceThenInvalidated() {
		OAuth2Authorization authorization = save(AuthorizationGrantType.CLIENT_CREDENTIALS, "token-revoked");
		OAuth2AccessToken token = authorization.getAccessToken().getToken();
		service.save(OAuth2Authorization.from(authorization)
			.token(token, (metadata) -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true))
			.build());
		StoredAccessTokens.StoredAccessToken narrow = StoredAccessTokens.jdbc(jdbc).find("token-revoked");
		assertThat(narrow.invalidated()).isTrue();
		assertThat(narrow.isActive(NOW)).isFalse();
		assertThat(narrow.grantType()).isEqualTo("client_credentials");
		assertThat(narrow).isEqualTo(StoredAccessTokens.of(service).find("token-revoked"));
	}

	@Test
	void findWhenMetadataUnreadableOrTokenTwiceThenNotTrusted() {
		save(AuthorizationGrantType.AUTHORIZATION_CODE, "token-garbled");
		jdbc.update("UPDATE oauth2_authorization SET access_token_metadata = '{not json' "
				+ "WHERE access_token_value = 'token-garbled'");
		assertThat(StoredAccessTokens.jdbc(jdbc).find("token-garbled").isActive(NOW)).isFalse();
		save(AuthorizationGrantType.AUTHORIZATION_CODE, "token-twice");
		save(AuthorizationGrantType.AUTHORIZATION_CODE, "token-twice");
		assertThat(StoredAccessTokens.jdbc(jdbc).find("token-twice")).isNull();
	}

	private static OAuth2Authorization save(AuthorizationGrantType grantType, String tokenValue) {
		OAuth2Authorization authorization = OAuth2Authorization.withRegisteredClient(CLIENT)
			.id(UUID.randomUUID().toString())
			.principalName("alice")
			.authorizationGrantType(grantType)
			.authorizedScopes(Set.of("accounts.read"))
			.accessToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, tokenValue, NOW,
					NOW.plusSeconds(300), Set.of("accounts.read")))
			.build();
		service.save(authorization);
		return authorization;
	}

}
