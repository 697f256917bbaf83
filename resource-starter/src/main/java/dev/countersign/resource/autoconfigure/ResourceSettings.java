package dev.countersign.resource.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.util.StringUtils;

import dev.countersign.core.Endpoints;

/**
 * The Countersign issuer, its JWK set and this API's resource indicator, from the
 * starter's properties or, where they are silent, Spring Boot's resource-server
 * properties. A fallback that could point the action-token check at another server's
 * keys, or at one of several audiences, refuses start-up with what to set instead.
 *
 * @param issuer the Countersign issuer, without a trailing slash
 * @param jwkSetUri the key set that signs action tokens
 * @param audience this API's resource indicator
 * @param baseTokenIssuer the issuer of base tokens Spring Boot's decoder accepts, or
 * {@code null}
 */
record ResourceSettings(String issuer, String jwkSetUri, String audience, @Nullable String baseTokenIssuer) {

	private static final String SPRING = "spring.security.oauth2.resourceserver.jwt.";

	static ResourceSettings of(CountersignResourceProperties properties,
			@Nullable OAuth2ResourceServerProperties resourceServer) {
		OAuth2ResourceServerProperties.Jwt jwt = (resourceServer != null) ? resourceServer.getJwt() : null;
		String springIssuer = trim((jwt != null) ? jwt.getIssuerUri() : null);
		String springJwkSet = text((jwt != null) ? jwt.getJwkSetUri() : null);
		String ownIssuer = trim(properties.getIssuerUri());
		String issuer = (ownIssuer != null) ? ownIssuer : springIssuer;
		if (issuer == null) {
			throw new FailureAnalyzedException(
					"The Countersign resource-server starter does not know the Countersign authorization server: "
							+ "neither countersign.resource.issuer-uri nor " + SPRING + "issuer-uri is set.",
					"Set countersign.resource.issuer-uri to the issuer of the Countersign server that approves actions "
							+ "(http://localhost:9000 in the demo).");
		}
		String jwkSetUri = text(properties.getJwkSetUri());
		if (jwkSetUri == null && springJwkSet != null) {
			if (ownIssuer != null && !ownIssuer.equals(springIssuer)) {
				throw new FailureAnalyzedException(
						"countersign.resource.jwk-set-uri is not set, and falling back to " + SPRING + "jwk-set-uri ("
								+ springJwkSet + ") would check action tokens against the keys of "
								+ ((springIssuer != null) ? "the base tokens' issuer " + springIssuer
										: "the base tokens' issuer")
								+ ", not those of the Countersign issuer " + ownIssuer + ".",
						"Set countersign.resource.jwk-set-uri to the Countersign server's key set, such as " + ownIssuer
								+ "/oauth2/jwks.");
			}
			jwkSetUri = springJwkSet;
		}
		String audience = text(properties.getAudience());
		if (audience == null) {
			List<String> audiences = (jwt != null) ? jwt.getAudiences() : List.of();
			if (audiences.size() > 1) {
				throw new FailureAnalyzedException(
						SPRING + "audiences names " + audiences.size() + " audiences " + audiences
								+ ", and the starter cannot tell which one is this API's resource indicator, "
								+ "the audience every action token must carry.",
						"Set countersign.resource.audience to this API's resource indicator.");
			}
			audience = audiences.isEmpty() ? null : text(audiences.get(0));
		}
		if (audience == null) {
			throw new FailureAnalyzedException("The Countersign resource-server starter does not know this API's "
					+ "resource indicator, the audience every action token must carry: neither countersign.resource.audience "
					+ "nor " + SPRING + "audiences is set.",
					"Set " + SPRING
							+ "audiences (or countersign.resource.audience) to the resource indicator registered "
							+ "for this API on the authorization server (http://localhost:8080 in the demo).");
		}
		return new ResourceSettings(issuer, (jwkSetUri != null) ? jwkSetUri : issuer + Endpoints.JWKS, audience,
				springIssuer);
	}

	/**
	 * Where the Countersign server takes approval requests.
	 * @return the approval endpoint
	 */
	String approvalEndpoint() {
		return this.issuer + Endpoints.APPROVALS;
	}

	private static @Nullable String trim(@Nullable String issuer) {
		String value = text(issuer);
		return (value != null && value.endsWith("/")) ? value.substring(0, value.length() - 1) : value;
	}

	private static @Nullable String text(@Nullable String value) {
		return StringUtils.hasText(value) ? value.trim() : null;
	}

}
