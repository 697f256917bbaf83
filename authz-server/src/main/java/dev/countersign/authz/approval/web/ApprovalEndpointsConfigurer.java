package dev.countersign.authz.approval.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.web.OAuth2ClientAuthenticationFilter;
import org.springframework.security.oauth2.server.authorization.web.authentication.ClientSecretBasicAuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.ClientSecretPostAuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.JwtClientAssertionAuthenticationConverter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.DelegatingAuthenticationConverter;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.authentication.ApprovalError;
import dev.countersign.authz.approval.web.authentication.ApprovalConsumptionAuthenticationConverter;
import dev.countersign.authz.approval.web.authentication.ApprovalRejectionAuthenticationConverter;
import dev.countersign.authz.approval.web.authentication.ApprovalRequestAuthenticationConverter;
import dev.countersign.authz.approval.web.authentication.ApprovalStatusAuthenticationConverter;
import dev.countersign.authz.approval.web.authentication.ApprovalTokenAuthenticationConverter;
import dev.countersign.authz.approval.web.authentication.BackchannelAuthenticationRequestConverter;
import dev.countersign.authz.approval.web.authentication.TransactionAuthorizationRequestConverter;
import dev.countersign.authz.web.BearerProblemAccessDeniedHandler;
import dev.countersign.authz.web.BearerProblemEntryPoint;
import dev.countersign.core.Endpoints;

/**
 * Adds the approval endpoints to the authorization server's filter chain, as Spring
 * Authorization Server's endpoint configurers add theirs: the providers join the chain's
 * authentication manager, the {@link ApprovalEndpointFilter} runs after the
 * {@link AuthorizationFilter} (so the caller's bearer token is authenticated and the
 * chain's rules, such as the consume scope, have passed), the endpoints are exempt from
 * CSRF (bearer calls carry no cookie), and a call refused before its provider runs gets
 * the same problem answer as one its provider refuses. A new call (CIBA's, the
 * transaction challenge's) is one more converter and provider.
 */
public final class ApprovalEndpointsConfigurer
		extends AbstractHttpConfigurer<ApprovalEndpointsConfigurer, HttpSecurity> {

	private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

	/** The calls of resource servers, which need the consume scope. */
	public static final RequestMatcher RESOURCE_SERVER_CALLS = new OrRequestMatcher(
			PATHS.matcher(HttpMethod.POST, Endpoints.CONSUME), PATHS.matcher(HttpMethod.POST, Endpoints.REJECTIONS));

	/**
	 * The calls of clients, authenticated by their base token: this server's or a trusted
	 * issuer's.
	 */
	public static final RequestMatcher CLIENT_CALLS = new OrRequestMatcher(
			PATHS.matcher(HttpMethod.POST, Endpoints.APPROVALS),
			PATHS.matcher(HttpMethod.POST, Endpoints.APPROVAL_TOKEN),
			PATHS.matcher(HttpMethod.GET, Endpoints.APPROVAL));

	/**
	 * The OpenID CIBA backchannel authentication requests and the transaction
	 * authorization requests, of clients that authenticate as at the token endpoint.
	 */
	public static final RequestMatcher BACKCHANNEL_CALLS = new OrRequestMatcher(
			PATHS.matcher(HttpMethod.POST, Endpoints.BACKCHANNEL_AUTHENTICATION),
			PATHS.matcher(HttpMethod.POST, Endpoints.TRANSACTION_AUTHORIZATION));

	private final List<AuthenticationProvider> providers;

	private final AuthenticationSuccessHandler responseHandler;

	private final List<AuthenticationConverter> converters = new ArrayList<>(
			List.of(new ApprovalConsumptionAuthenticationConverter(), new ApprovalRejectionAuthenticationConverter(),
					new ApprovalRequestAuthenticationConverter(), new ApprovalTokenAuthenticationConverter(),
					new ApprovalStatusAuthenticationConverter(), new BackchannelAuthenticationRequestConverter(),
					new TransactionAuthorizationRequestConverter()));

	private final RequestMatcher endpointsMatcher;

	private AuthenticationFailureHandler errorResponseHandler = new ApprovalErrorResponseHandler(BACKCHANNEL_CALLS);

	private @Nullable AuthenticationFailureHandler clientAuthenticationFailureHandler;

	/**
	 * The endpoints with their providers.
	 * @param providers a provider for each call
	 * @param responseHandler what writes the answers
	 */
	public ApprovalEndpointsConfigurer(List<AuthenticationProvider> providers,
			AuthenticationSuccessHandler responseHandler) {
		Assert.notEmpty(providers, "providers cannot be empty");
		Assert.notNull(responseHandler, "responseHandler cannot be null");
		this.providers = List.copyOf(providers);
		this.responseHandler = responseHandler;
		this.endpointsMatcher = new OrRequestMatcher(RESOURCE_SERVER_CALLS, CLIENT_CALLS, BACKCHANNEL_CALLS);
	}

	/**
	 * Changes the converters: to add one for a new call, or replace one.
	 * @param convertersConsumer gets the converters, in the order they are asked
	 * @return this configurer
	 */
	public ApprovalEndpointsConfigurer converters(Consumer<List<AuthenticationConverter>> convertersConsumer) {
		Assert.notNull(convertersConsumer, "convertersConsumer cannot be null");
		convertersConsumer.accept(this.converters);
		return this;
	}

	/**
	 * Sets what writes the refusals.
	 * @param errorResponseHandler the handler
	 * @return this configurer
	 */
	public ApprovalEndpointsConfigurer errorResponseHandler(AuthenticationFailureHandler errorResponseHandler) {
		Assert.notNull(errorResponseHandler, "errorResponseHandler cannot be null");
		this.errorResponseHandler = errorResponseHandler;
		return this;
	}

	/**
	 * Sets what answers a client authentication that failed at the backchannel
	 * authentication endpoint: the token endpoint's handler, so both answer alike.
	 * @param clientAuthenticationFailureHandler the handler
	 * @return this configurer
	 */
	public ApprovalEndpointsConfigurer clientAuthenticationFailureHandler(
			AuthenticationFailureHandler clientAuthenticationFailureHandler) {
		Assert.notNull(clientAuthenticationFailureHandler, "clientAuthenticationFailureHandler cannot be null");
		this.clientAuthenticationFailureHandler = clientAuthenticationFailureHandler;
		return this;
	}

	/**
	 * The requests the approval endpoints answer.
	 * @return the matcher
	 */
	public RequestMatcher getEndpointsMatcher() {
		return this.endpointsMatcher;
	}

	@Override
	public void init(HttpSecurity http) {
		this.providers.forEach((provider) -> http.authenticationProvider(postProcess(provider)));
		http.csrf((csrf) -> csrf.ignoringRequestMatchers(this.endpointsMatcher));
		AuthenticationFailureHandler errors = this.errorResponseHandler;
		http.exceptionHandling((exceptions) -> exceptions
			.defaultAuthenticationEntryPointFor(
					(request, response, exception) -> errors.onAuthenticationFailure(request, response,
							new OAuth2AuthenticationException(
									new ApprovalError("invalid_client", HttpStatus.UNAUTHORIZED,
											"the client must authenticate, as at the token endpoint"))),
					BACKCHANNEL_CALLS)
			.defaultAuthenticationEntryPointFor(new BearerProblemEntryPoint(), this.endpointsMatcher)
			.defaultAccessDeniedHandlerFor(new BearerProblemAccessDeniedHandler(), this.endpointsMatcher));
	}

	@Override
	public void configure(HttpSecurity http) {
		AuthenticationManager authenticationManager = http.getSharedObject(AuthenticationManager.class);
		ApprovalEndpointFilter filter = new ApprovalEndpointFilter(this.endpointsMatcher, authenticationManager,
				new DelegatingAuthenticationConverter(this.converters), this.responseHandler);
		filter.setAuthenticationFailureHandler(this.errorResponseHandler);
		http.addFilterAfter(postProcess(filter), AuthorizationFilter.class);
		// CIBA clients authenticate as at the token endpoint (CIBA Core 1.0 section 7.1),
		// by the providers Spring Authorization Server registered in this chain
		OAuth2ClientAuthenticationFilter clients = new OAuth2ClientAuthenticationFilter(authenticationManager,
				BACKCHANNEL_CALLS);
		clients.setAuthenticationConverter(new DelegatingAuthenticationConverter(
				List.of(new JwtClientAssertionAuthenticationConverter(), new ClientSecretBasicAuthenticationConverter(),
						new ClientSecretPostAuthenticationConverter())));
		if (this.clientAuthenticationFailureHandler != null) {
			clients.setAuthenticationFailureHandler(this.clientAuthenticationFailureHandler);
		}
		http.addFilterAfter(postProcess(clients), AbstractPreAuthenticatedProcessingFilter.class);
	}

}
