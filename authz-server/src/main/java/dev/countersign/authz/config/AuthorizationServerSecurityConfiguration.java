package dev.countersign.authz.config;

import java.util.function.Consumer;
import java.util.List;

import dev.countersign.authz.token.ResourceIndicatorRequestValidator;
import dev.countersign.authz.web.ProblemAuthenticationEntryPoint;
import dev.countersign.authz.web.ProblemRequestRejectedHandler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Three filter chains: the OAuth 2.0 and OpenID Connect endpoints of Spring Authorization Server;
 * the bearer-protected administration API; and the browser pages (form login).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CountersignProperties.class)
class AuthorizationServerSecurityConfiguration {

	/** Scope of the access tokens that may manage signing keys. */
	static final String KEYS_SCOPE = "keys.manage";

	private static final String PAGE_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self' http: https:; base-uri 'none'; object-src 'none'";

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http) {
		http.oauth2AuthorizationServer((authorizationServer) -> {
			http.securityMatcher(authorizationServer.getEndpointsMatcher());
			authorizationServer.oidc(Customizer.withDefaults());
			authorizationServer.authorizationEndpoint(
					(endpoint) -> endpoint.authenticationProviders(withResourceIndicatorValidation()));
		});
		http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated());
		http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
		http.exceptionHandling((exceptions) -> exceptions
			.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), htmlRequests()));
		http.headers(AuthorizationServerSecurityConfiguration::pageHeaders);
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain administrationSecurityFilterChain(HttpSecurity http) {
		http.securityMatcher("/admin/**");
		http.authorizeHttpRequests((authorize) -> authorize
			.requestMatchers(HttpMethod.GET, "/admin/signing-keys").hasAuthority("SCOPE_" + KEYS_SCOPE)
			.requestMatchers(HttpMethod.POST, "/admin/signing-keys/rotation").hasAuthority("SCOPE_" + KEYS_SCOPE)
			.anyRequest().denyAll());
		http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
		http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf((csrf) -> csrf.disable()); // bearer tokens only, no cookies
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(new BearerTokenAuthenticationEntryPoint())
			.accessDeniedHandler(new BearerTokenAccessDeniedHandler()));
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain pageSecurityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((authorize) -> authorize
			.requestMatchers("/login", "/error", "/css/**", "/favicon.ico", "/actuator/health", "/actuator/health/**")
			.permitAll()
			.anyRequest()
			.authenticated());
		http.formLogin((login) -> login.loginPage("/login").permitAll());
		http.exceptionHandling((exceptions) -> exceptions
			.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), htmlRequests())
			.defaultAuthenticationEntryPointFor(new ProblemAuthenticationEntryPoint(), AnyRequestMatcher.INSTANCE));
		http.headers(AuthorizationServerSecurityConfiguration::pageHeaders);
		return http.build();
	}

	@Bean
	RequestRejectedHandler requestRejectedHandler() {
		return new ProblemRequestRejectedHandler();
	}

	private static void pageHeaders(
			org.springframework.security.config.annotation.web.configurers.HeadersConfigurer<HttpSecurity> headers) {
		headers.frameOptions((frame) -> frame.deny())
			.contentSecurityPolicy((csp) -> csp.policyDirectives(PAGE_POLICY))
			.referrerPolicy((referrer) -> referrer.policy(
					org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER));
	}

	private static MediaTypeRequestMatcher htmlRequests() {
		MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		matcher.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
		return matcher;
	}

	private static Consumer<List<AuthenticationProvider>> withResourceIndicatorValidation() {
		return (providers) -> providers.forEach((provider) -> {
			if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider authorizationCodeRequest) {
				authorizationCodeRequest.setAuthenticationValidator(
						new OAuth2AuthorizationCodeRequestAuthenticationValidator()
							.andThen(new ResourceIndicatorRequestValidator()));
			}
		});
	}

}
