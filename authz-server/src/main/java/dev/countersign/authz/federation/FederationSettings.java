package dev.countersign.authz.federation;

import java.time.Duration;
import java.util.List;

import org.springframework.util.Assert;

/**
 * The trusted issuers and how they are reached.
 *
 * @param issuers the trusted issuers
 * @param clockSkew the skew tolerated on a base token's lifetime
 * @param connectTimeout how long connecting to an issuer may take
 * @param readTimeout how long an issuer may take to answer
 * @param retryInterval how soon an issuer that could not be reached is asked again
 */
public record FederationSettings(List<TrustedIssuer> issuers, Duration clockSkew, Duration connectTimeout,
		Duration readTimeout, Duration retryInterval) {

	public FederationSettings {
		Assert.notNull(issuers, "issuers cannot be null");
		Assert.notNull(clockSkew, "clockSkew cannot be null");
		Assert.notNull(connectTimeout, "connectTimeout cannot be null");
		Assert.notNull(readTimeout, "readTimeout cannot be null");
		Assert.notNull(retryInterval, "retryInterval cannot be null");
		issuers = List.copyOf(issuers);
	}

	/**
	 * No trusted issuer: only this server's own tokens.
	 * @return the settings
	 */
	public static FederationSettings none() {
		return new FederationSettings(List.of(), Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofSeconds(5),
				Duration.ofSeconds(5));
	}

}
