package dev.countersign.benchmarks;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ActionApprovalService;
import dev.countersign.authz.approval.ActionTokenGenerator;
import dev.countersign.authz.approval.ApprovalStatus;
import dev.countersign.core.AuthorizationDetail;

/**
 * Minting one action token with Countersign's {@link ActionTokenGenerator}, beside Spring
 * Authorization Server's own {@link JwtGenerator} minting one access token, both with the
 * same RS256 key and encoder: the ratio shows what the action token's extra claims cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenMintingBenchmark {

	private ActionTokenGenerator actionTokens;

	private JwtGenerator accessTokens;

	private OAuth2TokenContext actionContext;

	private OAuth2TokenContext accessContext;

	@Setup
	public void setUp() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
		this.actionTokens = new ActionTokenGenerator(encoder);
		this.accessTokens = new JwtGenerator(encoder);
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("demo-client")
			.clientSecret("{noop}x")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("accounts.read")
			.build();
		AuthorizationServerContext server = new AuthorizationServerContext() {
			@Override
			public String getIssuer() {
				return "http://localhost:9000";
			}

			@Override
			public AuthorizationServerSettings getAuthorizationServerSettings() {
				return AuthorizationServerSettings.builder().build();
			}
		};
		ActionApproval approval = new ActionApproval("approval-1", "demo-client", "alice", "payments.transfer",
				"http://localhost:8080",
				new AuthorizationDetail("payments.transfer",
						Map.of("fromAccount", "acc-1", "toIban", "DE89370400440532013000", "amount",
								new BigDecimal("250"), "currency", "EUR"),
						null),
				null, "base-token-hash", "authorization-1", "42", List.of("42", "17", "88"), ApprovalStatus.APPROVED, 0,
				Instant.now(), Instant.now(), Instant.now().plusSeconds(300), Instant.now(), Instant.now(), "alice",
				ActionApprovalService.PASSWORD_ACR, Instant.now(), null, null, null, null, null, null, null, null);
		TestingAuthenticationToken principal = new TestingAuthenticationToken("alice", null);
		this.actionContext = DefaultOAuth2TokenContext.builder()
			.registeredClient(client)
			.principal(principal)
			.authorizationServerContext(server)
			.tokenType(ActionTokenGenerator.ACTION_TOKEN)
			.authorizationGrantType(ActionTokenGenerator.ACTION_APPROVAL)
			.put(ActionApproval.class, approval)
			.put(ActionTokenGenerator.ACCESS_TOKEN_HASH, "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo")
			.put(ActionTokenGenerator.LIFETIME, Duration.ofSeconds(60))
			.build();
		this.accessContext = DefaultOAuth2TokenContext.builder()
			.registeredClient(client)
			.principal(principal)
			.authorizationServerContext(server)
			.authorizedScopes(Set.of("accounts.read"))
			.tokenType(OAuth2TokenType.ACCESS_TOKEN)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.build();
	}

	@Benchmark
	public Jwt mintActionToken() {
		return Objects.requireNonNull(this.actionTokens.generate(this.actionContext));
	}

	@Benchmark
	public Jwt mintAccessTokenWithSpringAuthorizationServer() {
		return Objects.requireNonNull(this.accessTokens.generate(this.accessContext));
	}

}
