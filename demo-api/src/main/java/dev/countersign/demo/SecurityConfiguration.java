package dev.countersign.demo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Bearer tokens only. Boot's JWT decoder checks signature (the authorization server's JWK
 * set), issuer and audience from {@code demo-api.yml}; the Countersign starter
 * contributes the RFC 9068 {@code typ} check ({@code at+jwt}), so an action token or an
 * ID token is never taken for an access token.
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

}
