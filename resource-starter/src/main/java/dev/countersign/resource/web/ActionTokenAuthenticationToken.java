package dev.countersign.resource.web;

import java.io.Serial;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.Assert;

import dev.countersign.resource.validation.VerifiedActionToken;

/**
 * An action token presented with a request of a {@code jit} route: before the check, the
 * token's text with the base token's authentication and the request it must approve;
 * after, the verified token.
 */
public final class ActionTokenAuthenticationToken extends AbstractAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String actionToken;

	private final JwtAuthenticationToken base;

	private final transient @Nullable ActionRequest request;

	private final transient @Nullable VerifiedActionToken verified;

	ActionTokenAuthenticationToken(String actionToken, JwtAuthenticationToken base, ActionRequest request) {
		super(List.of());
		Assert.hasText(actionToken, "actionToken cannot be empty");
		Assert.notNull(base, "base cannot be null");
		Assert.notNull(request, "request cannot be null");
		this.actionToken = actionToken;
		this.base = base;
		this.request = request;
		this.verified = null;
	}

	ActionTokenAuthenticationToken(ActionTokenAuthenticationToken checked, VerifiedActionToken verified) {
		super(List.of());
		this.actionToken = checked.actionToken;
		this.base = checked.base;
		this.request = checked.request;
		this.verified = verified;
		setAuthenticated(true);
	}

	/**
	 * The base token's authentication: who the action token must be bound to.
	 * @return the bearer authentication
	 */
	@Override
	public JwtAuthenticationToken getPrincipal() {
		return this.base;
	}

	/**
	 * The action token's text.
	 * @return the JWS
	 */
	@Override
	public String getCredentials() {
		return this.actionToken;
	}

	@Nullable ActionRequest getRequest() {
		return this.request;
	}

	/**
	 * The verified token, once checked.
	 * @return the token, or {@code null} before the check
	 */
	public @Nullable VerifiedActionToken getVerified() {
		return this.verified;
	}

}
