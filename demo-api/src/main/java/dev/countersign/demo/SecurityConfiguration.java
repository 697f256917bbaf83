package dev.countersign.demo;

import dev.countersign.core.TokenTypes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Bearer tokens only. Boot's JWT decoder checks signature (the authorization server's JWK set),
 * issuer and audience from {@code demo-api.yml}; the {@link JwtTypeValidator} bean adds the
 * RFC 9068 {@code typ} check, so an action token or an ID token is never taken for an access
 * token.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((authorize) -> authorize.requestMatchers("/actuator/health/**", "/actuator/health")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/accounts")
			.hasAuthority("SCOPE_accounts.read")
			.anyRequest()
			.authenticated());
		http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
		http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf((csrf) -> csrf.disable()); // bearer tokens only, no cookies
		return http.build();
	}

	@Bean
	JwtTypeValidator accessTokenTypeValidator() {
		return new JwtTypeValidator(TokenTypes.ACCESS_TOKEN, "application/" + TokenTypes.ACCESS_TOKEN);
	}

}
