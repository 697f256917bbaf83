package dev.countersign.authz.approval.web.authentication;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.authentication.AuthenticationConverter;

import dev.countersign.authz.approval.authentication.BackchannelAuthenticationProvider;
import dev.countersign.authz.approval.authentication.CibaGrantAuthenticationToken;

/**
 * Reads a token request of the OpenID CIBA grant at the token endpoint, as Spring
 * Authorization Server's converters read theirs: {@code grant_type}
 * {@code urn:openid:params:grant-type:ciba} and one {@code auth_req_id}.
 */
public final class CibaGrantAuthenticationConverter implements AuthenticationConverter {

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		if (!BackchannelAuthenticationProvider.CIBA.getValue()
			.equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))) {
			return null;
		}
		String[] authReqId = request.getParameterValues("auth_req_id");
		if (authReqId == null || authReqId.length != 1 || authReqId[0].isBlank()) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"auth_req_id is required, once (CIBA Core 1.0 section 10.1)", null));
		}
		Map<String, Object> additionalParameters = new LinkedHashMap<>();
		request.getParameterMap().forEach((name, values) -> {
			if (!name.equals(OAuth2ParameterNames.GRANT_TYPE) && !name.equals(OAuth2ParameterNames.CLIENT_ID)
					&& !name.equals(OAuth2ParameterNames.CLIENT_SECRET) && !name.equals("auth_req_id")
					&& !name.startsWith("client_assertion")) {
				additionalParameters.put(name, (values.length == 1) ? values[0] : values);
			}
		});
		Authentication client = SecurityContextHolder.getContext().getAuthentication();
		if (client == null) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
		}
		return new CibaGrantAuthenticationToken(authReqId[0], client, additionalParameters);
	}

}
