package dev.countersign.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

import dev.countersign.authz.federation.BaseTokenAuthenticationProvider;
import dev.countersign.authz.federation.FederationSettings;
import dev.countersign.authz.federation.TrustedIssuer;
import dev.countersign.authz.federation.TrustedIssuers;
import dev.countersign.core.IssuerNamingJwtDecoder;

/**
 * What the starter adds to every API request before its filter runs: Spring Boot's JWT
 * decoder (RS256 public key, issuer, {@code at+jwt} type) decoding one valid base token,
 * alone and wrapped in {@link IssuerNamingJwtDecoder}, which only rewords refusals.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BaseTokenDecodeBenchmark {

	private static final String ISSUER = "http://localhost:9000";

	private JwtDecoder boot;

	private JwtDecoder described;

	private String token;

	private JwtAuthenticationProvider springProvider;

	private BaseTokenAuthenticationProvider baseTokenProvider;

	@Setup
	public void setUp() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(new JwtIssuerValidator(ISSUER),
				new JwtTypeValidator("at+jwt", "application/at+jwt")));
		this.boot = decoder;
		this.described = IssuerNamingJwtDecoder.trustedIssuer(decoder, ISSUER);
		this.springProvider = new JwtAuthenticationProvider(decoder);
		this.baseTokenProvider = new BaseTokenAuthenticationProvider(decoder, ISSUER,
				new TrustedIssuers(
						new FederationSettings(
								List.of(new TrustedIssuer("idp", "https://idp.example", Set.of("http://localhost:8080"),
										"sub", null, true, Set.of(), null, null, null)),
								Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(1),
								Duration.ofSeconds(5)),
						Clock.systemUTC()));
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt")).keyID("bench").build(),
				new JWTClaimsSet.Builder().issuer(ISSUER)
					.subject("alice")
					.audience("http://localhost:8080")
					.claim("client_id", "demo-client")
					.claim("scope", "accounts.read")
					.issueTime(new Date())
					.expirationTime(Date.from(Instant.now().plusSeconds(3600)))
					.build());
		jwt.sign(new RSASSASigner(key));
		this.token = jwt.serialize();
	}

	@Benchmark
	public Jwt bootDecoder() {
		return this.boot.decode(this.token);
	}

	@Benchmark
	public Jwt bootDecoderWithDescribedRefusals() {
		return this.described.decode(this.token);
	}

	/**
	 * The authorization server's bearer authentication before federation: Spring
	 * Security's provider with the server's decoder.
	 * @return the authentication
	 */
	@Benchmark
	public Authentication authorizationServerJwtProvider() {
		return this.springProvider.authenticate(new BearerTokenAuthenticationToken(this.token));
	}

	/**
	 * The same since issue 12: the decoder chosen by the token's {@code iss} (one
	 * unverified parse of the payload), with one trusted issuer configured beside.
	 * @return the authentication
	 */
	@Benchmark
	public Authentication authorizationServerBaseTokenProvider() {
		return this.baseTokenProvider.authenticate(new BearerTokenAuthenticationToken(this.token));
	}

}
