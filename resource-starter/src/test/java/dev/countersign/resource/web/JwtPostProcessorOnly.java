package dev.countersign.resource.web;

import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * A JWT decoder for MockMvc tests that authenticate with Spring Security's {@code jwt()}
 * post-processor only: any token that reaches it is refused. Imported, not a
 * {@code @Configuration}, so that no component scan of this package picks it up.
 */
final class JwtPostProcessorOnly {

	@Bean
	JwtDecoder jwtDecoder() {
		return (token) -> {
			throw new UnsupportedOperationException("tests authenticate with jwt()");
		};
	}

}
