package dev.countersign.authz.login;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.countersign.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class VerifiedSecretCacheTests {

	private final CountingEncoder bcrypt = new CountingEncoder();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

	private final VerifiedSecretCache secrets = new VerifiedSecretCache(this.bcrypt, Duration.ofMinutes(10));

	VerifiedSecretCacheTests() {
		this.secrets.setClock(this.clock);
	}

	@Test
	void matchesWhenVerifiedBeforeThenRememberedUntilItsLifetimeEnds() {
		assertThat(this.secrets.matches("secret", "{hash}secret")).isTrue();
		assertThat(this.secrets.matches("secret", "{hash}secret")).isTrue();
		assertThat(this.bcrypt.calls.get()).isEqualTo(1);

		this.clock.advance(Duration.ofMinutes(11));

		assertThat(this.secrets.matches("secret", "{hash}secret")).isTrue();
		assertThat(this.bcrypt.calls.get()).isEqualTo(2);
	}

	@Test
	void matchesWhenWrongOrTheStoredHashChangedThenCheckedEveryTime() {
		assertThat(this.secrets.matches("secret", "{hash}secret")).isTrue();

		assertThat(this.secrets.matches("guess", "{hash}secret")).isFalse();
		assertThat(this.secrets.matches("guess", "{hash}secret")).isFalse();
		// the secret was rotated: the old one no longer verifies, whatever was remembered
		assertThat(this.secrets.matches("secret", "{hash}rotated")).isFalse();
		assertThat(this.bcrypt.calls.get()).isEqualTo(4);
	}

	@Test
	void matchesWhenLifetimeZeroThenNothingRemembered() {
		VerifiedSecretCache off = new VerifiedSecretCache(this.bcrypt, Duration.ZERO);
		off.matches("secret", "{hash}secret");
		off.matches("secret", "{hash}secret");
		assertThat(this.bcrypt.calls.get()).isEqualTo(2);
	}

	/** A stand-in for BCrypt that counts its checks: "{hash}x" is the hash of "x". */
	private static final class CountingEncoder implements PasswordEncoder {

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public String encode(@Nullable CharSequence rawPassword) {
			return "{hash}" + rawPassword;
		}

		@Override
		public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
			this.calls.incrementAndGet();
			return encodedPassword != null && encodedPassword.equals("{hash}" + rawPassword);
		}

	}

}
