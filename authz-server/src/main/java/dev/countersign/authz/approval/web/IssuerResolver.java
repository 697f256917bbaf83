package dev.countersign.authz.approval.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.util.Assert;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * This server's issuer for calls outside Spring Authorization Server's own endpoints: the
 * configured one, or, as Spring Authorization Server does without one, the request's base
 * URL.
 */
public final class IssuerResolver {

	private final AuthorizationServerSettings settings;

	public IssuerResolver(AuthorizationServerSettings settings) {
		Assert.notNull(settings, "settings cannot be null");
		this.settings = settings;
	}

	/**
	 * The issuer.
	 * @param request the current request
	 * @return the issuer URL, without a trailing slash
	 */
	public String resolve(HttpServletRequest request) {
		String issuer = this.settings.getIssuer();
		if (issuer != null) {
			return issuer;
		}
		return ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).build().toUriString();
	}

}
