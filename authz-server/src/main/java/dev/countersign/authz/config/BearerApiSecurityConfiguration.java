package dev.countersign.authz.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;

import dev.countersign.authz.web.BearerProblemAccessDeniedHandler;
import dev.countersign.authz.web.BearerProblemEntryPoint;
import dev.countersign.core.Endpoints;

/**
 * The bearer-protected JSON APIs beside the authorization server's own chain: the audit
 * API with the authorization details types metadata and the approval API's protected
 * resource metadata (order 2), and the administration API (order 3). The approval
 * endpoints themselves run in the authorization server's chain
 * ({@link AuthorizationServerSecurityConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class BearerApiSecurityConfiguration {

	/** Scope of the access tokens that may manage signing keys. */
	static final String KEYS_SCOPE = Endpoints.KEYS_SCOPE;

	/** Scope of administrators who read the audit log. */
	static final String AUDIT_SCOPE = Endpoints.AUDIT_SCOPE;

	/**
	 * Scope of the operators who export the audit log: an export lets the retention purge
	 * release the segment it covered.
	 */
	static final String AUDIT_EXPORT_SCOPE = "audit.export";

	/**
	 * The authorization details types metadata endpoint
	 * (draft-zehavi-oauth-rar-metadata).
	 */
	static final String TYPES_METADATA_PATH = Endpoints.AUTHORIZATION_DETAILS_TYPES;

	/**
	 * Where Spring Security serves the protected resource metadata (RFC 9728 section 3).
	 */
	static final String PROTECTED_RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource";

	@Bean
	@Order(2)
	SecurityFilterChain approvalApiSecurityFilterChain(HttpSecurity http, AuthorizationServerSettings settings) {
		http.securityMatcher(Endpoints.APPROVALS, Endpoints.APPROVALS + "/**", "/audit/**", TYPES_METADATA_PATH,
				PROTECTED_RESOURCE_METADATA_PATH);
		// the approval endpoints' own calls are the authorization server chain's; any
		// other request to their paths is refused here
		http.authorizeHttpRequests((authorize) -> authorize.requestMatchers(HttpMethod.GET, TYPES_METADATA_PATH)
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/audit/events", "/audit/verification")
			.hasAuthority("SCOPE_" + AUDIT_SCOPE)
			.requestMatchers(HttpMethod.GET, "/audit/export")
			.hasAuthority("SCOPE_" + AUDIT_EXPORT_SCOPE)
			.anyRequest()
			.denyAll());
		bearerOnly(http);
		// the document the resource_metadata of this API's 401 challenges names (RFC
		// 9728): this server is the approval API's only authorization server, and it
		// binds no token to a TLS certificate
		http.oauth2ResourceServer((resourceServer) -> resourceServer
			.protectedResourceMetadata((metadata) -> metadata.protectedResourceMetadataCustomizer((builder) -> {
				builder.claims((claims) -> claims.remove("tls_client_certificate_bound_access_tokens"));
				builder.resourceName("Countersign approval API");
				if (settings.getIssuer() != null) {
					builder.authorizationServer(settings.getIssuer());
				}
			})));
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain administrationSecurityFilterChain(HttpSecurity http) {
		http.securityMatcher("/admin/**");
		http.authorizeHttpRequests((authorize) -> authorize.requestMatchers(HttpMethod.GET, "/admin/signing-keys")
			.hasAuthority("SCOPE_" + KEYS_SCOPE)
			.requestMatchers(HttpMethod.POST, "/admin/signing-keys/rotation")
			.hasAuthority("SCOPE_" + KEYS_SCOPE)
			.anyRequest()
			.denyAll());
		bearerOnly(http);
		return http.build();
	}

	/**
	 * A JSON API authenticated by bearer access tokens only: stateless, no cookies so no
	 * CSRF, every refusal an RFC 9457 problem next to RFC 6750's
	 * {@code WWW-Authenticate}.
	 * @param http the http
	 */
	private static void bearerOnly(HttpSecurity http) {
		http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults())
			.authenticationEntryPoint(new BearerProblemEntryPoint())
			.accessDeniedHandler(new BearerProblemAccessDeniedHandler()));
		http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf((csrf) -> csrf.disable());
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(new BearerProblemEntryPoint())
			.accessDeniedHandler(new BearerProblemAccessDeniedHandler()));
	}

}
