package dev.countersign.authz.token;

import java.util.ArrayList;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.util.Assert;

import dev.countersign.authz.keys.SigningKeys;
import dev.countersign.core.ClaimNames;
import dev.countersign.core.ResourceIndicators;
import dev.countersign.core.TokenTypes;

/**
 * Shapes the JWTs of Spring Authorization Server: every one is signed with the algorithm
 * of the current signing key; access tokens follow the JWT profile of
 * <a href="https://www.rfc-editor.org/rfc/rfc9068#section-2">RFC 9068</a>: header
 * {@code typ} {@code at+jwt}, a {@code client_id} claim, {@code scope} as one
 * space-separated string
 * (<a href="https://www.rfc-editor.org/rfc/rfc8693#section-4.2">RFC 8693 section 4.2</a>,
 * which RFC 9068 section 2.2.3 names), and an {@code aud} from the RFC 8707
 * {@code resource} parameters ({@link ResourceIndicatorResolver}).
 */
public final class AccessTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final SigningKeys signingKeys;

	public AccessTokenCustomizer(SigningKeys signingKeys) {
		Assert.notNull(signingKeys, "signingKeys cannot be null");
		this.signingKeys = signingKeys;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		SignatureAlgorithm algorithm = SignatureAlgorithm.from(this.signingKeys.signingAlgorithm());
		Assert.state(algorithm != null, "unknown signing algorithm");
		context.getJwsHeader().algorithm(algorithm);
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		context.getJwsHeader().type(TokenTypes.ACCESS_TOKEN);
		context.getClaims().claim(ClaimNames.CLIENT_ID, context.getRegisteredClient().getClientId());
		if (!context.getAuthorizedScopes().isEmpty()) {
			context.getClaims().claim(OAuth2ParameterNames.SCOPE, String.join(" ", context.getAuthorizedScopes()));
		}
		Set<String> audience;
		try {
			audience = ResourceIndicatorResolver.resolve(context.getRegisteredClient(),
					requestedAtTokenEndpoint(context.getAuthorizationGrant()),
					requestedAtAuthorization(context.getAuthorization()));
		}
		catch (ResourceIndicatorResolver.InvalidTargetException ex) {
			throw new OAuth2AuthenticationException(ex.getError());
		}
		if (!audience.isEmpty()) {
			context.getClaims().audience(new ArrayList<>(audience));
		}
	}

	private static @Nullable Object requestedAtTokenEndpoint(@Nullable Authentication grant) {
		if (grant instanceof OAuth2AuthorizationGrantAuthenticationToken token) {
			return token.getAdditionalParameters().get(ResourceIndicators.PARAMETER_NAME);
		}
		return null;
	}

	private static @Nullable Object requestedAtAuthorization(@Nullable OAuth2Authorization authorization) {
		if (authorization == null) {
			return null;
		}
		OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		return (request != null) ? request.getAdditionalParameters().get(ResourceIndicators.PARAMETER_NAME) : null;
	}

}
