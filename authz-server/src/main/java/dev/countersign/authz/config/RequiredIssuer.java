package dev.countersign.authz.config;

import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.util.StringUtils;

import dev.countersign.authz.settings.InvalidSettingException;

/**
 * This server's issuer, which must be configured: the approval endpoints name it in
 * {@code approval_uri}, {@code Location} and every action token's {@code iss}, and this
 * server's own access tokens are checked against it; never one taken from a request's
 * {@code Host} header, as RFC 8414 section 2 and RFC 9207 expect.
 */
final class RequiredIssuer {

	private RequiredIssuer() {
	}

	/**
	 * The configured issuer.
	 * @param settings the authorization server's settings
	 * @return the issuer
	 * @throws InvalidSettingException when it is not set
	 */
	static String of(AuthorizationServerSettings settings) {
		String issuer = settings.getIssuer();
		if (!StringUtils.hasText(issuer)) {
			throw new InvalidSettingException("spring.security.oauth2.authorizationserver.issuer", "is not set",
					"Set it to the URL clients and resource servers know this server by, such as "
							+ "https://login.example.com: action tokens carry it as iss, approval_uri starts with it.");
		}
		return issuer;
	}

}
