package dev.countersign.authz.approval.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The approval endpoints, as Spring Authorization Server serves its own (see
 * {@code OAuth2DeviceAuthorizationEndpointFilter}): the converter turns the call into an
 * {@code Authentication} token, the authentication manager hands it to the call's
 * provider, one handler writes the answer and one writes every refusal. It runs in the
 * authorization server's filter chain after the caller's bearer token was authenticated
 * and authorized, so the server context ({@code AuthorizationServerContextHolder}) is the
 * one Spring Authorization Server's endpoints see.
 */
public final class ApprovalEndpointFilter extends OncePerRequestFilter {

	private final RequestMatcher endpointsMatcher;

	private final AuthenticationManager authenticationManager;

	private final AuthenticationConverter authenticationConverter;

	private AuthenticationDetailsSource<HttpServletRequest, ?> authenticationDetailsSource = new WebAuthenticationDetailsSource();

	private AuthenticationSuccessHandler authenticationSuccessHandler;

	private AuthenticationFailureHandler authenticationFailureHandler = new ApprovalErrorResponseHandler();

	public ApprovalEndpointFilter(RequestMatcher endpointsMatcher, AuthenticationManager authenticationManager,
			AuthenticationConverter authenticationConverter,
			AuthenticationSuccessHandler authenticationSuccessHandler) {
		Assert.notNull(endpointsMatcher, "endpointsMatcher cannot be null");
		Assert.notNull(authenticationManager, "authenticationManager cannot be null");
		Assert.notNull(authenticationConverter, "authenticationConverter cannot be null");
		Assert.notNull(authenticationSuccessHandler, "authenticationSuccessHandler cannot be null");
		this.endpointsMatcher = endpointsMatcher;
		this.authenticationManager = authenticationManager;
		this.authenticationConverter = authenticationConverter;
		this.authenticationSuccessHandler = authenticationSuccessHandler;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain filterChain)
			throws ServletException, IOException {
		if (!this.endpointsMatcher.matches(request)) {
			filterChain.doFilter(request, response);
			return;
		}
		try {
			Authentication call = this.authenticationConverter.convert(request);
			if (call == null) {
				filterChain.doFilter(request, response);
				return;
			}
			if (call instanceof AbstractAuthenticationToken token) {
				token.setDetails(this.authenticationDetailsSource.buildDetails(request));
			}
			Authentication answer = this.authenticationManager.authenticate(call);
			this.authenticationSuccessHandler.onAuthenticationSuccess(request, response, answer);
		}
		catch (OAuth2AuthenticationException ex) {
			this.authenticationFailureHandler.onAuthenticationFailure(request, response, ex);
		}
	}

	public void setAuthenticationDetailsSource(
			AuthenticationDetailsSource<HttpServletRequest, ?> authenticationDetailsSource) {
		Assert.notNull(authenticationDetailsSource, "authenticationDetailsSource cannot be null");
		this.authenticationDetailsSource = authenticationDetailsSource;
	}

	public void setAuthenticationSuccessHandler(AuthenticationSuccessHandler authenticationSuccessHandler) {
		Assert.notNull(authenticationSuccessHandler, "authenticationSuccessHandler cannot be null");
		this.authenticationSuccessHandler = authenticationSuccessHandler;
	}

	public void setAuthenticationFailureHandler(AuthenticationFailureHandler authenticationFailureHandler) {
		Assert.notNull(authenticationFailureHandler, "authenticationFailureHandler cannot be null");
		this.authenticationFailureHandler = authenticationFailureHandler;
	}

}
