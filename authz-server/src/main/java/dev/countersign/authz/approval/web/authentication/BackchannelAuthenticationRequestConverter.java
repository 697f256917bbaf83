package dev.countersign.authz.approval.web.authentication;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.countersign.authz.approval.authentication.ApprovalError;
import dev.countersign.authz.approval.authentication.BackchannelAuthenticationToken;
import dev.countersign.core.Endpoints;

/**
 * Reads an OpenID CIBA backchannel authentication request (CIBA Core 1.0 section 7.1):
 * form-encoded, of a client the client authentication filter authenticated, each known
 * parameter given at most once; unknown parameters are ignored (RFC 6749 section 3.2).
 */
public final class BackchannelAuthenticationRequestConverter implements AuthenticationConverter {

	/** The parameters of a request, CIBA's and RFC 9396's. */
	public static final Set<String> PARAMETERS = Set.of("scope", "client_notification_token", "acr_values",
			"login_hint_token", "id_token_hint", "login_hint", "binding_message", "user_code", "requested_expiry",
			"authorization_details", "request");

	private final RequestMatcher matcher = PathPatternRequestMatcher.withDefaults()
		.matcher(HttpMethod.POST, Endpoints.BACKCHANNEL_AUTHENTICATION);

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		if (!this.matcher.matches(request)) {
			return null;
		}
		OAuth2ClientAuthenticationToken client = Callers.formClient(request, "CIBA Core 1.0 section 7.1");
		Map<String, String> parameters = new LinkedHashMap<>();
		for (Map.Entry<String, String[]> entry : request.getParameterMap().entrySet()) {
			if (!PARAMETERS.contains(entry.getKey())) {
				continue;
			}
			if (entry.getValue().length != 1) {
				throw ApprovalError.badRequest("invalid_request", entry.getKey() + " must be given once");
			}
			parameters.put(entry.getKey(), entry.getValue()[0]);
		}
		if (parameters.containsKey("request")) {
			throw ApprovalError.badRequest("invalid_request",
					"signed authentication requests (request) are not supported; send the parameters in the form");
		}
		return new BackchannelAuthenticationToken(client, parameters);
	}

}
