package dev.countersign.authz.rar;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.ClaimNames;
import dev.countersign.core.StrictJson;

/**
 * Echoes the granted {@code authorization_details} in the token response
 * (<a href="https://www.rfc-editor.org/rfc/rfc9396#section-7">RFC 9396 section 7</a>),
 * exactly as the access token carries them. The token is the JWT this server has just
 * signed, so its claims are read without a second signature check.
 */
public final class AuthorizationDetailsTokenResponseCustomizer
		implements Consumer<OAuth2AccessTokenAuthenticationContext> {

	@Override
	public void accept(OAuth2AccessTokenAuthenticationContext context) {
		OAuth2AccessTokenAuthenticationToken authentication = context.getAuthentication();
		String token = authentication.getAccessToken().getTokenValue();
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3) {
			return;
		}
		JsonNode claims = StrictJson.read(Base64.getUrlDecoder().decode(parts[1]));
		JsonNode details = claims.get(ClaimNames.AUTHORIZATION_DETAILS);
		if (details != null && details.isArray()) {
			// the builder replaces its additional parameters: keep the provider's
			// (id_token)
			Map<String, Object> parameters = new LinkedHashMap<>(authentication.getAdditionalParameters());
			parameters.put(ClaimNames.AUTHORIZATION_DETAILS, StrictJson.toValue(details));
			context.getAccessTokenResponse().additionalParameters(parameters);
		}
	}

}
