package dev.countersign.authz.federation;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.util.Assert;
import org.springframework.web.client.RestTemplate;

/**
 * The trusted issuers, each with its base-token decoder, found by a token's {@code iss}.
 */
public final class TrustedIssuers {

	private static final Log logger = LogFactory.getLog(TrustedIssuers.class);

	private final Map<String, TrustedIssuer> issuers = new LinkedHashMap<>();

	private final Map<String, TrustedIssuerDecoder> decoders = new LinkedHashMap<>();

	/**
	 * The trusted issuers of the settings, reached with their timeouts.
	 * @param settings the settings
	 * @param clock the clock lifetimes are checked with
	 */
	public TrustedIssuers(FederationSettings settings, Clock clock) {
		Assert.notNull(settings, "settings cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(settings.connectTimeout());
		requests.setReadTimeout(settings.readTimeout());
		RestTemplate rest = new RestTemplate(requests);
		for (TrustedIssuer issuer : settings.issuers()) {
			this.issuers.put(issuer.issuer(), issuer);
			this.decoders.put(issuer.issuer(),
					new TrustedIssuerDecoder(issuer, rest, settings.clockSkew(), settings.retryInterval(), clock));
		}
	}

	/**
	 * The trusted issuer of an {@code iss}.
	 * @param issuer the token's {@code iss}
	 * @return the entry, or {@code null} when it is not trusted
	 */
	public @Nullable TrustedIssuer find(@Nullable String issuer) {
		return (issuer != null) ? this.issuers.get(issuer) : null;
	}

	/**
	 * The decoder of a trusted issuer's base tokens.
	 * @param issuer the token's {@code iss}
	 * @return the decoder, or {@code null} when it is not trusted
	 */
	@Nullable JwtDecoder decoder(@Nullable String issuer) {
		return (issuer != null) ? this.decoders.get(issuer) : null;
	}

	/**
	 * The trusted issuer of an entry name.
	 * @param name the entry's name
	 * @return the entry, or {@code null}
	 */
	public @Nullable TrustedIssuer named(String name) {
		return this.issuers.values().stream().filter((issuer) -> issuer.name().equals(name)).findFirst().orElse(null);
	}

	/**
	 * A trusted issuer's metadata (OpenID Connect Discovery), read once.
	 * @param issuer the issuer
	 * @return the metadata document
	 * @throws IssuerUnavailableException when it cannot be read now
	 */
	public java.util.Map<String, Object> metadata(TrustedIssuer issuer) {
		TrustedIssuerDecoder decoder = this.decoders.get(issuer.issuer());
		Assert.state(decoder != null, () -> issuer + " is not trusted");
		return decoder.discovered();
	}

	/**
	 * Every trusted issuer.
	 * @return the entries
	 */
	public Collection<TrustedIssuer> all() {
		return this.issuers.values();
	}

	/**
	 * Reads every issuer's metadata now, as at start-up: an issuer that does not answer
	 * is said in one line and asked again on its first token.
	 */
	public void warmUp() {
		this.issuers.forEach((issuer, entry) -> {
			TrustedIssuerDecoder decoder = this.decoders.get(issuer);
			if (decoder != null && decoder.warmUp() && logger.isInfoEnabled()) {
				logger.info("Trusted issuer " + entry.name() + " (" + issuer + ") answered");
			}
		});
	}

}
