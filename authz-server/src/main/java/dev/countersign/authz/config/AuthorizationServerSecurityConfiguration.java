package dev.countersign.authz.config;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2PushedAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.RequestMatcherDelegatingAccessDeniedHandler;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.countersign.authz.approval.ActionApprovalService;
import dev.countersign.authz.approval.ApprovalLedger;
import dev.countersign.authz.approval.BackchannelRequests;
import dev.countersign.authz.approval.authentication.CibaGrantAuthenticationProvider;
import dev.countersign.authz.approval.web.ApprovalEndpointsConfigurer;
import dev.countersign.authz.approval.web.ApprovalSignInEntryPoint;
import dev.countersign.authz.approval.web.ApprovalSignInRequestResolver;
import dev.countersign.authz.approval.web.authentication.CibaGrantAuthenticationConverter;
import dev.countersign.authz.audit.AuditLog;
import dev.countersign.authz.bootstrap.BootstrapData;
import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.federation.BaseTokenAuthenticationProvider;
import dev.countersign.authz.federation.TrustedIssuer;
import dev.countersign.authz.federation.TrustedIssuerClientRegistrations;
import dev.countersign.authz.federation.TrustedIssuerOidcUserService;
import dev.countersign.authz.federation.TrustedIssuers;
import dev.countersign.authz.login.ClientAuthenticationFailureHandler;
import dev.countersign.authz.login.LocalSignIn;
import dev.countersign.authz.login.LoginThrottle;
import dev.countersign.authz.login.SignInFailureHandler;
import dev.countersign.authz.login.ThrottledClientAuthenticationProvider;
import dev.countersign.authz.login.ThrottledUserAuthenticationProvider;
import dev.countersign.authz.login.VerifiedSecretCache;
import dev.countersign.authz.notification.SubjectEmails;
import dev.countersign.authz.rar.AuditedAuthorizationConsentService;
import dev.countersign.authz.rar.AuthorizationDetailsConsentCustomizer;
import dev.countersign.authz.rar.AuthorizationDetailsConsentRequirement;
import dev.countersign.authz.rar.AuthorizationDetailsRequestValidator;
import dev.countersign.authz.rar.AuthorizationDetailsTokenResponseCustomizer;
import dev.countersign.authz.rar.ConsentPageController;
import dev.countersign.authz.rar.GrantedAuthorizationDetails;
import dev.countersign.authz.rar.RequestedAuthorizationDetails;
import dev.countersign.authz.token.ExactRedirectUriValidator;
import dev.countersign.authz.token.IssuerAuthorizationResponseHandler;
import dev.countersign.authz.token.RefreshTokenReuseAuthenticationProvider;
import dev.countersign.authz.token.ResourceIndicatorRequestValidator;
import dev.countersign.authz.token.ResourceServerIntrospectionAuthenticationProvider;
import dev.countersign.authz.token.RotatedRefreshTokens;
import dev.countersign.authz.web.BearerProblemAccessDeniedHandler;
import dev.countersign.authz.web.BearerProblemEntryPoint;
import dev.countersign.authz.web.ProblemAuthenticationEntryPoint;
import dev.countersign.authz.web.ProblemRequestRejectedHandler;
import dev.countersign.core.Endpoints;
import dev.countersign.core.HeaderBearerTokenResolver;

/**
 * The authorization server's filter chain (order 1): the OAuth 2.0 and OpenID Connect
 * endpoints of Spring Authorization Server (with the catalog's types and the approval
 * endpoint in both metadata documents) and the approval endpoints
 * ({@link ApprovalEndpointsConfigurer}); and the browser pages' chain (order 4: form
 * login, the approval and consent pages). The bearer APIs' chains are
 * {@link BearerApiSecurityConfiguration}'s.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CountersignProperties.class)
class AuthorizationServerSecurityConfiguration {

	/** Scope of resource servers that mark action tokens used. */
	static final String CONSUME_SCOPE = Endpoints.CONSUME_SCOPE;

	private static final String PAGE_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self' http: https:; base-uri 'none'; object-src 'none'";

	/**
	 * Bearer tokens read from the {@code Authorization} header as Spring Security's
	 * default resolver reads them, without its regular expression on the common case:
	 * every chain's resource server (the approval, audit and administration APIs, and
	 * Spring Authorization Server's own bearer endpoints) takes this bean.
	 * @return the resolver
	 */
	@Bean
	BearerTokenResolver bearerTokenResolver() {
		return new HeaderBearerTokenResolver();
	}

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http, ActionCatalog catalog,
			RequestedAuthorizationDetails requestedDetails, GrantedAuthorizationDetails grantedDetails,
			AuditedAuthorizationConsentService consents, OAuth2AuthorizationService authorizations,
			RotatedRefreshTokens rotatedRefreshTokens, AuditLog auditLog, PlatformTransactionManager transactionManager,
			Clock clock, LoginThrottle loginThrottle, ApprovalEndpointsConfigurer approvalEndpoints,
			AuthorizationServerSettings settings, JwtDecoder jwtDecoder, TrustedIssuers trustedIssuers,
			ApprovalLedger ledger, BackchannelRequests backchannelRequests,
			OAuth2TokenGenerator<OAuth2Token> tokenGenerator, CountersignProperties properties,
			PasswordEncoder passwordEncoder) {
		// a provider of this chain only, never a bean: the global authentication manager
		// would ask it a second time after each refusal
		CibaGrantAuthenticationProvider cibaGrant = new CibaGrantAuthenticationProvider(ledger, catalog,
				backchannelRequests, tokenGenerator, authorizations, properties.getApprovals().toSettings());
		RequiredIssuer.of(settings);
		Consumer<Map<String, Object>> countersignMetadata = (claims) -> {
			claims.put("authorization_details_types_supported", List.copyOf(catalog.typeNames()));
			String issuer = AuthorizationServerContextHolder.getContext().getIssuer();
			claims.put("approval_endpoint", issuer + Endpoints.APPROVALS);
			claims.put("authorization_details_types_metadata_endpoint",
					issuer + BearerApiSecurityConfiguration.TYPES_METADATA_PATH);
			claims.put("authorization_response_iss_parameter_supported", true);
			// OpenID CIBA Core 1.0 section 4: poll and ping, never push (FAPI-CIBA)
			claims.put("backchannel_authentication_endpoint", issuer + Endpoints.BACKCHANNEL_AUTHENTICATION);
			claims.put("backchannel_token_delivery_modes_supported", List.of("poll", "ping"));
			claims.put("backchannel_user_code_parameter_supported", false);
			// draft-rosomakho-oauth-txn-challenge-00 section 4.1
			claims.put("transaction_authorization_endpoint", issuer + Endpoints.TRANSACTION_AUTHORIZATION);
			// only what a client can be registered for: not token exchange nor the device
			// grant
			claims.put("grant_types_supported", BootstrapData.GRANT_TYPES);
			claims.remove("device_authorization_endpoint");
		};
		http.oauth2AuthorizationServer((authorizationServer) -> {
			http.securityMatcher(new OrRequestMatcher(authorizationServer.getEndpointsMatcher(),
					approvalEndpoints.getEndpointsMatcher()));
			authorizationServer.authorizationServerMetadataEndpoint((metadata) -> metadata
				.authorizationServerMetadataCustomizer((builder) -> builder.claims(countersignMetadata)));
			authorizationServer.oidc((oidc) -> oidc.providerConfigurationEndpoint((configuration) -> configuration
				.providerConfigurationCustomizer((builder) -> builder.claims(countersignMetadata))));
			Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> requestValidator = new ExactRedirectUriValidator()
				.andThen(new OAuth2AuthorizationCodeRequestAuthenticationValidator())
				.andThen(new ResourceIndicatorRequestValidator())
				.andThen(new AuthorizationDetailsRequestValidator(requestedDetails));
			IssuerAuthorizationResponseHandler responses = new IssuerAuthorizationResponseHandler();
			authorizationServer.authorizationEndpoint((endpoint) -> endpoint.consentPage(ConsentPageController.PATH)
				.authorizationResponseHandler(responses)
				.errorResponseHandler(responses)
				.authenticationProviders(authorizationEndpointProviders(requestValidator, grantedDetails, consents)));
			authorizationServer.pushedAuthorizationRequestEndpoint((endpoint) -> endpoint
				.authenticationProviders(pushedAuthorizationRequestProviders(requestValidator)));
			OAuth2AccessTokenResponseAuthenticationSuccessHandler tokenResponse = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
			tokenResponse.setAccessTokenResponseCustomizer(new AuthorizationDetailsTokenResponseCustomizer());
			TransactionTemplate transactions = new TransactionTemplate(transactionManager);
			authorizationServer.tokenEndpoint((endpoint) -> endpoint.accessTokenResponseHandler(tokenResponse)
				.accessTokenRequestConverter(new CibaGrantAuthenticationConverter())
				.authenticationProvider(cibaGrant)
				.authenticationProviders((providers) -> providers.replaceAll((provider) -> {
					if (!(provider instanceof OAuth2RefreshTokenAuthenticationProvider)) {
						return provider;
					}
					RefreshTokenReuseAuthenticationProvider reuse = new RefreshTokenReuseAuthenticationProvider(
							provider, authorizations, rotatedRefreshTokens, auditLog, transactions);
					reuse.setClock(clock);
					return reuse;
				})));
			authorizationServer.clientAuthentication((clientAuthentication) -> clientAuthentication
				.errorResponseHandler(new ClientAuthenticationFailureHandler())
				.authenticationProviders((providers) -> providers.replaceAll((provider) -> {
					if (!(provider instanceof ClientSecretAuthenticationProvider secrets)) {
						return provider;
					}
					VerifiedSecretCache verifiedSecrets = new VerifiedSecretCache(passwordEncoder,
							properties.getLogin().getVerifiedSecretLifetime());
					verifiedSecrets.setClock(clock);
					secrets.setPasswordEncoder(verifiedSecrets);
					return new ThrottledClientAuthenticationProvider(provider, loginThrottle);
				})));
			authorizationServer
				.tokenIntrospectionEndpoint((endpoint) -> endpoint.authenticationProviders((providers) -> providers
					.replaceAll((provider) -> (provider instanceof OAuth2TokenIntrospectionAuthenticationProvider)
							? new ResourceServerIntrospectionAuthenticationProvider(provider) : provider)));
		});
		http.with(approvalEndpoints,
				(endpoints) -> endpoints.clientAuthenticationFailureHandler(new ClientAuthenticationFailureHandler()));
		http.authorizeHttpRequests(
				(authorize) -> authorize.requestMatchers(ApprovalEndpointsConfigurer.RESOURCE_SERVER_CALLS)
					.hasAuthority("SCOPE_" + CONSUME_SCOPE)
					.anyRequest()
					.authenticated());
		// the approval endpoints answer a refused bearer token with a problem, the OAuth
		// endpoints with RFC 6750's challenge alone
		RequestMatcher approvalCalls = approvalEndpoints.getEndpointsMatcher();
		// bearer tokens: this server's, or a trusted issuer's, which grant no scope here,
		// so
		// only the approval calls of clients (which check their issuer) accept them
		ProviderManager bearerTokens = new ProviderManager(
				new BaseTokenAuthenticationProvider(jwtDecoder, RequiredIssuer.of(settings), trustedIssuers));
		http.oauth2ResourceServer(
				(resourceServer) -> resourceServer.jwt((jwt) -> jwt.authenticationManager(bearerTokens))
					.authenticationEntryPoint(DelegatingAuthenticationEntryPoint.builder()
						.addEntryPointFor(new BearerProblemEntryPoint(), approvalCalls)
						.defaultEntryPoint(new BearerTokenAuthenticationEntryPoint())
						.build())
					.accessDeniedHandler(new RequestMatcherDelegatingAccessDeniedHandler(
							new LinkedHashMap<>(Map.of(approvalCalls, new BearerProblemAccessDeniedHandler())),
							new BearerTokenAccessDeniedHandler())));
		http.exceptionHandling((exceptions) -> exceptions
			.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), htmlRequests()));
		http.headers(AuthorizationServerSecurityConfiguration::pageHeaders);
		return http.build();
	}

	@Bean
	@Order(4)
	SecurityFilterChain pageSecurityFilterChain(HttpSecurity http, UserDetailsService users,
			PasswordEncoder passwordEncoder, LoginThrottle loginThrottle, TrustedIssuers trustedIssuers,
			ActionApprovalService approvals, LocalSignIn localSignIn, SubjectEmails emails, Clock clock) {
		DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
		passwords.setPasswordEncoder(passwordEncoder);
		List<AuthenticationProvider> signIns = new java.util.ArrayList<>();
		if (localSignIn.enabled()) {
			signIns.add(new ThrottledUserAuthenticationProvider(passwords, loginThrottle));
			http.formLogin((login) -> login.loginPage("/login").failureHandler(new SignInFailureHandler()).permitAll());
		}
		if (trustedIssuers.all().stream().anyMatch(TrustedIssuer::signsUsersIn)) {
			// sign-in at the trusted issuers: OpenID Connect code flow with PKCE and
			// nonce,
			// one registration per issuer, asking for what the approval's type needs
			TrustedIssuerClientRegistrations registrations = new TrustedIssuerClientRegistrations(trustedIssuers);
			TrustedIssuerOidcUserService oidcUsers = new TrustedIssuerOidcUserService(trustedIssuers);
			oidcUsers.setEmailStore((subject, email) -> emails.put(subject, email, clock.instant()));
			signIns.add(new OidcAuthorizationCodeAuthenticationProvider(
					new RestClientAuthorizationCodeTokenResponseClient(), oidcUsers));
			http.oauth2Login((login) -> login.loginPage("/login")
				.clientRegistrationRepository(registrations)
				.authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
				.authorizationEndpoint((endpoint) -> endpoint
					.authorizationRequestResolver(new ApprovalSignInRequestResolver(registrations, approvals))));
		}
		http.authenticationManager(new ProviderManager(signIns));
		http.authorizeHttpRequests((authorize) -> authorize
			.requestMatchers("/login", "/error", "/css/**", "/favicon.ico", "/openapi.yaml", "/actuator/health",
					"/actuator/health/**")
			.permitAll()
			.anyRequest()
			.authenticated());
		http.exceptionHandling((exceptions) -> exceptions
			.defaultAuthenticationEntryPointFor(new ApprovalSignInEntryPoint(approvals, trustedIssuers), htmlRequests())
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

	private static Consumer<List<AuthenticationProvider>> authorizationEndpointProviders(
			Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> requestValidator,
			GrantedAuthorizationDetails grantedDetails, AuthorizationDetailsConsentCustomizer.Refusals refusals) {
		return (providers) -> providers.forEach((provider) -> {
			if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider authorizationCodeRequest) {
				authorizationCodeRequest.setAuthenticationValidator(requestValidator);
				authorizationCodeRequest
					.setAuthorizationConsentRequired(new AuthorizationDetailsConsentRequirement(grantedDetails));
			}
			if (provider instanceof OAuth2AuthorizationConsentAuthenticationProvider consent) {
				consent.setAuthorizationConsentCustomizer(
						new AuthorizationDetailsConsentCustomizer(grantedDetails, refusals));
			}
		});
	}

	private static Consumer<List<AuthenticationProvider>> pushedAuthorizationRequestProviders(
			Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> requestValidator) {
		return (providers) -> providers.forEach((provider) -> {
			if (provider instanceof OAuth2PushedAuthorizationRequestAuthenticationProvider pushed) {
				pushed.setAuthenticationValidator(requestValidator);
			}
		});
	}

}
