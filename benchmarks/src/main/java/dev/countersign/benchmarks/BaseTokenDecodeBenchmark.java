package dev.countersign.benchmarks;

import java.time.Instant;
import java.util.Date;
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
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

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

	@Setup
	public void setUp() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(new JwtIssuerValidator(ISSUER),
				new JwtTypeValidator("at+jwt", "application/at+jwt")));
		this.boot = decoder;
		this.described = IssuerNamingJwtDecoder.trustedIssuer(decoder, ISSUER);
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

}
