package dev.countersign.benchmarks;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.FilterChain;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.util.pattern.PathPatternParser;

import dev.countersign.core.AccessTokenHash;
import dev.countersign.core.ActionTypeSchema;
import dev.countersign.core.ParameterSchema;
import dev.countersign.core.ParameterType;
import dev.countersign.resource.replay.InMemoryReplayStore;
import dev.countersign.resource.replay.ReplayStore;
import dev.countersign.resource.validation.ActionTokenVerifier;
import dev.countersign.resource.validation.CachingJwsKeySelector;
import dev.countersign.resource.validation.InMemoryActionTypeSchemas;
import dev.countersign.resource.web.ActionApprovalFilter;
import dev.countersign.resource.web.ActionBinding;
import dev.countersign.resource.web.ActionBindingResolver;
import dev.countersign.resource.web.ActionMode;
import dev.countersign.resource.web.ParameterSource;
import dev.countersign.resource.web.RouteBinding;

/**
 * The starter's work for one {@code jit} request, beside its floor, both in one run:
 * <ul>
 * <li>{@code floor}: two bare RS256 verifications (the base token and the action
 * token);</li>
 * <li>{@code filter}: what the request costs with the starter: Spring Security's
 * {@link NimbusJwtDecoder}, as the starter has Spring Boot build it (each key converted
 * once, {@link CachingJwsKeySelector}), decoding the base token, then
 * {@link ActionApprovalFilter} verifying the action token, hashing the base token,
 * binding the route, reading the JSON body, checking four parameters against the
 * catalog's schema, matching them and marking the {@code jti} in an
 * {@link InMemoryReplayStore}.</li>
 * </ul>
 * Each call uses a fresh action token from a pool, so every replay check is a real first
 * use.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ActionFilterBenchmark {

	private static final int POOL = 4096;

	private static final byte[] BODY = "{\"toIban\":\"DE89370400440532013000\",\"amount\":\"250.00\",\"currency\":\"EUR\"}"
		.getBytes(StandardCharsets.UTF_8);

	/** The demo catalog's payments.transfer, as the authorization server publishes it. */
	private static final ActionTypeSchema TRANSFER = new ActionTypeSchema("payments.transfer", "Transfer money", Map.of(
			"fromAccount",
			new ParameterSchema(
					"fromAccount", ParameterType.STRING, true, 64, null, null, Pattern.compile("[A-Za-z0-9-]+")),
			"toIban",
			new ParameterSchema("toIban", ParameterType.STRING, true, 34, null, null,
					Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}")),
			"amount",
			new ParameterSchema("amount", ParameterType.DECIMAL, true, null, new BigDecimal("0.01"),
					new BigDecimal("1000000"), null),
			"currency",
			new ParameterSchema("currency", ParameterType.STRING, true, null, null, null, Pattern.compile("[A-Z]{3}"))),
			Map.of(), Set.of());

	private String baseToken;

	private final List<String> actionTokens = new ArrayList<>();

	private int next;

	private SignedJWT parsedBase;

	private SignedJWT parsedAction;

	private RSASSAVerifier verifier;

	private NimbusJwtDecoder decoder;

	private NimbusJwtDecoder starterDecoder;

	private ActionTokenVerifier actionVerifier;

	private ActionApprovalFilter filter;

	private final SwappableStore store = new SwappableStore();

	private final FilterChain controller = (request, response) -> {
	};

	@Setup
	public void setUp() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
		RSASSASigner signer = new RSASSASigner(key);
		Instant now = Instant.now();
		SignedJWT base = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt")).keyID("bench").build(),
				new JWTClaimsSet.Builder().issuer("http://localhost:9000")
					.subject("alice")
					.audience("http://localhost:8080")
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plusSeconds(3600)))
					.jwtID("base")
					.claim("client_id", "demo-client")
					.claim("scope", "accounts.read")
					.build());
		base.sign(signer);
		this.baseToken = base.serialize();
		for (int i = 0; i < POOL; i++) {
			SignedJWT action = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("action+jwt"))
						.keyID("bench")
						.build(),
					new JWTClaimsSet.Builder().issuer("http://localhost:9000")
						.subject("alice")
						.audience("http://localhost:8080")
						.issueTime(Date.from(now))
						.notBeforeTime(Date.from(now))
						.expirationTime(Date.from(now.plusSeconds(3600)))
						.jwtID(UUID.randomUUID().toString())
						.claim("client_id", "demo-client")
						.claim("ath", AccessTokenHash.of(this.baseToken))
						.claim("approval_id", "a-" + i)
						.claim("authorization_details",
								List.of(Map.of("type", "payments.transfer", "parameters",
										Map.of("fromAccount", "acc-1", "toIban", "DE89370400440532013000", "amount",
												new BigDecimal("250"), "currency", "EUR"))))
						.build());
			action.sign(signer);
			this.actionTokens.add(action.serialize());
		}
		this.parsedBase = SignedJWT.parse(this.baseToken);
		this.parsedAction = SignedJWT.parse(this.actionTokens.get(0));
		this.verifier = new RSASSAVerifier(key.toRSAPublicKey());
		ImmutableJWKSet<com.nimbusds.jose.proc.SecurityContext> keys = new ImmutableJWKSet<>(
				new JWKSet(key.toPublicJWK()));
		this.decoder = NimbusJwtDecoder.withJwkSource(keys).build();
		this.decoder
			.setJwtValidator((jwt) -> org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.success());
		// the same decoder as the starter has Spring Boot build it: each key converted
		// once
		this.starterDecoder = NimbusJwtDecoder.withJwkSource(keys)
			.jwtProcessorCustomizer(CachingJwsKeySelector::cacheKeys)
			.build();
		this.starterDecoder
			.setJwtValidator((jwt) -> org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.success());
		this.actionVerifier = new ActionTokenVerifier(keys, Set.of(JWSAlgorithm.RS256), "http://localhost:9000",
				"http://localhost:8080");
		RouteBinding route = new RouteBinding(HttpMethod.POST,
				PathPatternParser.defaultInstance.parse("/accounts/{accountId}/transfers"),
				new ActionBinding("payments.transfer", ActionMode.JIT,
						Map.of("fromAccount", ParameterSource.parse("path:accountId"), "toIban",
								ParameterSource.parse("body:/toIban"), "amount", ParameterSource.parse("body:/amount"),
								"currency", ParameterSource.parse("body:/currency"))));
		this.filter = new ActionApprovalFilter(new ActionBindingResolver(List.of(route), null), this.actionVerifier,
				this.store, new InMemoryActionTypeSchemas(List.of(TRANSFER)));
	}

	@Benchmark
	public boolean floorTwoRs256Verifications() throws Exception {
		return this.parsedBase.verify(this.verifier) & this.parsedAction.verify(this.verifier);
	}

	@Benchmark
	public Jwt partSpringDecodesBaseToken() {
		return this.decoder.decode(this.baseToken);
	}

	@Benchmark
	public Jwt partStarterDecodesBaseToken() {
		return this.starterDecoder.decode(this.baseToken);
	}

	@Benchmark
	public Object partVerifyActionToken() {
		return this.actionVerifier.verify(this.actionTokens.get(0));
	}

	@Benchmark
	public int filter() throws Exception {
		if (this.next == POOL) {
			this.next = 0;
			this.store.reset();
		}
		String actionToken = this.actionTokens.get(this.next++);
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/accounts/acc-1/transfers");
		request.addHeader("Authorization", "Bearer " + this.baseToken);
		request.addHeader("Action-Token", actionToken);
		request.setContentType("application/json");
		request.setContent(BODY);
		MockHttpServletResponse response = new MockHttpServletResponse();
		Jwt jwt = this.starterDecoder.decode(this.baseToken);
		SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));
		try {
			this.filter.doFilter(request, response, this.controller);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
		if (response.getStatus() != 200) {
			throw new IllegalStateException("refused: " + response.getContentAsString());
		}
		return response.getStatus();
	}

	/**
	 * An in-memory store started afresh each time the token pool comes round again.
	 */
	static final class SwappableStore implements ReplayStore {

		private InMemoryReplayStore delegate = new InMemoryReplayStore();

		void reset() {
			this.delegate = new InMemoryReplayStore();
		}

		@Override
		public boolean markUsed(String jti, Instant expiresAt) {
			return this.delegate.markUsed(jti, expiresAt);
		}

	}

}
