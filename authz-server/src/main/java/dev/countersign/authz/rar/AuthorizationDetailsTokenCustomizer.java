package dev.countersign.authz.rar;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.util.Assert;

import dev.countersign.authz.catalog.InvalidAuthorizationDetailsException;
import dev.countersign.authz.token.AuthorizationRequestErrors;
import dev.countersign.core.AuthorizationDetail;
import dev.countersign.core.ClaimNames;
import dev.countersign.core.Messages;
import dev.countersign.core.StrictJson;

/**
 * Puts the granted {@code authorization_details} into access tokens
 * (<a href="https://www.rfc-editor.org/rfc/rfc9396#section-9.1">RFC 9396 section
 * 9.1</a>), each entry in its canonical form, so that the resource server enforces
 * exactly what was granted ({@link GrantedAuthorizationDetails} says what that is). A
 * token request that asks for more fails with {@code invalid_authorization_details}
 * before anything is stored.
 */
public final class AuthorizationDetailsTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final GrantedAuthorizationDetails granted;

	public AuthorizationDetailsTokenCustomizer(GrantedAuthorizationDetails granted) {
		Assert.notNull(granted, "granted cannot be null");
		this.granted = granted;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		List<AuthorizationDetail> details;
		try {
			details = this.granted.forToken(context.getRegisteredClient(), context.getAuthorizationGrantType(),
					context.getAuthorizationGrant(), context.getAuthorization());
		}
		catch (InvalidAuthorizationDetailsException ex) {
			throw new OAuth2AuthenticationException(
					AuthorizationRequestErrors.error(InvalidAuthorizationDetailsException.ERROR_CODE, Messages.of(ex)));
		}
		if (!details.isEmpty()) {
			// plain mutable collections: Spring Authorization Server stores the claims
			// with a Jackson
			// mapper that admits those, not the JDK's immutable ones
			List<Object> claim = new ArrayList<>();
			details.forEach((detail) -> claim.add(StrictJson.toValue(StrictJson.toTree(detail.toJsonObject()))));
			context.getClaims().claim(ClaimNames.AUTHORIZATION_DETAILS, claim);
		}
	}

}
