package dev.countersign.authz.login;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.Assert;

/**
 * The client secrets' {@link PasswordEncoder}: BCrypt as the stored hashes say, but a
 * secret that verified against a stored hash is remembered for a short time, so a client
 * that authenticates on every call (CIBA polls, client credentials, introspection) pays
 * BCrypt once per lifetime rather than once per request.
 * <p>
 * Only successes are remembered, and only as an HMAC (under a key drawn at start-up and
 * never stored) of the stored hash and the presented secret: a wrong secret always goes
 * through BCrypt (and the sign-in throttle), a changed secret has a new stored hash and
 * so misses, a removed client is refused before its secret is looked at. Nothing is
 * remembered across a restart. A lifetime of zero turns it off.
 */
public final class VerifiedSecretCache implements PasswordEncoder {

	private static final int MAX_ENTRIES = 10_000;

	private final PasswordEncoder delegate;

	private final Duration lifetime;

	private final SecretKeySpec key;

	private final Map<String, Instant> verified = new ConcurrentHashMap<>();

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates the encoder.
	 * @param delegate the encoder of the stored hashes
	 * @param lifetime how long a verified secret is remembered; zero for never
	 */
	public VerifiedSecretCache(PasswordEncoder delegate, Duration lifetime) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.isTrue(!lifetime.isNegative(), "lifetime cannot be negative");
		this.delegate = delegate;
		this.lifetime = lifetime;
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		this.key = new SecretKeySpec(secret, "HmacSHA256");
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public @Nullable String encode(@Nullable CharSequence rawPassword) {
		return this.delegate.encode(rawPassword);
	}

	@Override
	public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
		if (this.lifetime.isZero() || rawPassword == null || encodedPassword == null) {
			return this.delegate.matches(rawPassword, encodedPassword);
		}
		String entry = mac(encodedPassword, rawPassword);
		Instant now = this.clock.instant();
		Instant until = this.verified.get(entry);
		if (until != null && now.isBefore(until)) {
			return true;
		}
		boolean matches = this.delegate.matches(rawPassword, encodedPassword);
		if (matches) {
			if (this.verified.size() >= MAX_ENTRIES) {
				this.verified.entrySet().removeIf((remembered) -> !now.isBefore(remembered.getValue()));
				if (this.verified.size() >= MAX_ENTRIES) {
					this.verified.clear();
				}
			}
			this.verified.put(entry, now.plus(this.lifetime));
		}
		else {
			this.verified.remove(entry);
		}
		return matches;
	}

	@Override
	public boolean upgradeEncoding(@Nullable String encodedPassword) {
		return this.delegate.upgradeEncoding(encodedPassword);
	}

	private String mac(String encodedPassword, CharSequence rawPassword) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			mac.update(encodedPassword.getBytes(StandardCharsets.UTF_8));
			mac.update((byte) 0);
			mac.update(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(mac.doFinal());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
