package dev.countersign.benchmarks;

import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.util.Base64URL;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import dev.countersign.core.HeaderBearerTokenResolver;

/**
 * Two steps of reading a token on every request, each beside what it replaced: finding
 * the bearer token of an {@code Authorization} header of 800 characters (Spring
 * Security's {@link DefaultBearerTokenResolver}, {@link HeaderBearerTokenResolver}), and
 * decoding a 2048-bit RS256 signature from base64url (Nimbus's constant-time codec, the
 * JDK's decoder).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenReadingBenchmark {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private final BearerTokenResolver spring = new DefaultBearerTokenResolver();

	private final BearerTokenResolver header = new HeaderBearerTokenResolver();

	private MockHttpServletRequest request;

	private String signature;

	@Setup
	public void setUp() {
		Random random = new Random(15);
		StringBuilder token = new StringBuilder("eyJ");
		for (int i = 0; i < 800; i++) {
			token.append((i == 100 || i == 500) ? '.' : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		this.request = new MockHttpServletRequest("POST", "/approvals/consume");
		this.request.addHeader("Authorization", "Bearer " + token);
		byte[] bytes = new byte[256];
		random.nextBytes(bytes);
		this.signature = Base64URL.encode(bytes).toString();
	}

	@Benchmark
	public @Nullable String bearerSpringResolver() {
		return this.spring.resolve(this.request);
	}

	@Benchmark
	public @Nullable String bearerHeaderResolver() {
		return this.header.resolve(this.request);
	}

	@Benchmark
	public byte[] signatureNimbusDecoder() {
		return new Base64URL(this.signature).decode();
	}

	@Benchmark
	public byte[] signatureJdkDecoder() {
		return Base64.getUrlDecoder().decode(this.signature);
	}

}
