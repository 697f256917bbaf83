package dev.countersign.authz.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Authorization responses and error responses of the authorization endpoint, as Spring
 * Authorization Server sends them (RFC 6749 sections 4.1.2 and 4.1.2.1), with the issuer
 * identifier {@code iss} of
 * <a href="https://www.rfc-editor.org/rfc/rfc9207#section-2">RFC 9207 section 2</a>, so a
 * client talking to several authorization servers can tell which one answered (mix-up
 * attacks). An error without a validated redirect URI is answered here with {@code 400},
 * never redirected.
 */
public final class IssuerAuthorizationResponseHandler
		implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	/** The response parameter of RFC 9207. */
	public static final String ISS = "iss";

	private final RedirectStrategy redirectStrategy = new DefaultRedirectStrategy();

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationToken granted = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
		OAuth2AuthorizationCode code = granted.getAuthorizationCode();
		String redirectUri = granted.getRedirectUri();
		if (code == null || !StringUtils.hasText(redirectUri)) {
			response.sendError(HttpStatus.BAD_REQUEST.value());
			return;
		}
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(redirectUri)
			.queryParam(OAuth2ParameterNames.CODE, code.getTokenValue());
		send(request, response, uri, granted.getState());
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		if (!(exception instanceof OAuth2AuthenticationException oauth2)) {
			response.sendError(HttpStatus.BAD_REQUEST.value(), "[invalid_request] " + exception.getMessage());
			return;
		}
		OAuth2Error error = oauth2.getError();
		OAuth2AuthorizationCodeRequestAuthenticationToken refused = (exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException failure)
				? failure.getAuthorizationCodeRequestAuthentication() : null;
		if (refused == null || !StringUtils.hasText(refused.getRedirectUri())) {
			// no validated redirect URI: never redirect
			response.sendError(HttpStatus.BAD_REQUEST.value(), error.toString());
			return;
		}
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(refused.getRedirectUri())
			.queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
		if (StringUtils.hasText(error.getDescription())) {
			uri.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, encode(error.getDescription()));
		}
		if (StringUtils.hasText(error.getUri())) {
			uri.queryParam(OAuth2ParameterNames.ERROR_URI, encode(error.getUri()));
		}
		send(request, response, uri, refused.getState());
	}

	private void send(HttpServletRequest request, HttpServletResponse response, UriComponentsBuilder uri,
			@Nullable String state) throws IOException {
		if (StringUtils.hasText(state)) {
			uri.queryParam(OAuth2ParameterNames.STATE, encode(state));
		}
		uri.queryParam(ISS, encode(AuthorizationServerContextHolder.getContext().getIssuer()));
		// build(true): every component is already encoded
		this.redirectStrategy.sendRedirect(request, response, uri.build(true).toUriString());
	}

	private static String encode(String value) {
		return UriUtils.encode(value, StandardCharsets.UTF_8);
	}

}
