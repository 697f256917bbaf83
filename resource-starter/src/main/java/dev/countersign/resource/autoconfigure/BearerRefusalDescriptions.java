package dev.countersign.resource.autoconfigure;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

import dev.countersign.core.IssuerNamingJwtDecoder;

/**
 * Rewords the refusals of Spring Boot's auto-configured JWT decoder so a base token of
 * another issuer answers "not issued by the issuer this API trusts (iss …)" instead of a
 * JOSE library's words ({@link IssuerNamingJwtDecoder}). Only the wording changes: the
 * decoder still decides alone. Off with
 * {@code countersign.resource.describe-bearer-refusals=false}.
 */
final class BearerRefusalDescriptions implements BeanPostProcessor {

	/**
	 * The names of Spring Boot's auto-configured decoders (by public key, JWK set or
	 * issuer).
	 */
	static final Set<String> DECODER_BEANS = Set.of("jwtDecoderByPublicKeyValue", "jwtDecoderByJwkKeySetUri",
			"jwtDecoderByIssuerUri");

	private final Environment environment;

	BearerRefusalDescriptions(Environment environment) {
		Assert.notNull(environment, "environment cannot be null");
		this.environment = environment;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (DECODER_BEANS.contains(beanName) && bean instanceof JwtDecoder decoder
				&& !(bean instanceof IssuerNamingJwtDecoder)) {
			return IssuerNamingJwtDecoder.trustedIssuer(decoder, trustedIssuer());
		}
		return bean;
	}

	private @Nullable String trustedIssuer() {
		String issuer = this.environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri");
		return StringUtils.hasText(issuer) ? issuer.trim() : null;
	}

}
