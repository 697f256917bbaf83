package dev.countersign.authz.approval.authentication;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

import dev.countersign.authz.federation.TrustedIssuers;
import dev.countersign.authz.notification.SubjectEmails;

/**
 * Finds the user of an OpenID CIBA request from its one hint (CIBA Core 1.0 section 7.1):
 * <ul>
 * <li>{@code login_hint}: a user name of this server, or {@code issuer#sub} for a subject
 * of a trusted issuer;</li>
 * <li>{@code id_token_hint}: an ID token this server issued to the requesting client
 * (signature, {@code iss} and {@code aud} checked; it may have expired);</li>
 * <li>{@code login_hint_token}: a JWT the client signed with a key of its registered JWK
 * Set ({@code iss} the client, {@code aud} this server, unexpired), naming the user by an
 * RFC 9493 subject identifier {@code sub_id} of format {@code iss_sub} (this server or a
 * trusted issuer) or {@code email}.</li>
 * </ul>
 * A user that does not exist here, or an issuer that is not trusted, is
 * {@code unknown_user_id}; a hint that cannot be verified is {@code invalid_request}, an
 * expired {@code login_hint_token} {@code expired_login_hint_token}.
 */
public final class BackchannelUsers {

	private final @Nullable UserDetailsService users;

	private final TrustedIssuers trustedIssuers;

	private final SubjectEmails emails;

	private final JwtDecoder idTokens;

	private final String issuer;

	private final Map<String, JwtDecoder> clientKeys = new ConcurrentHashMap<>();

	/**
	 * Creates the hint reader.
	 * @param users the users of this server, or {@code null} when it has none
	 * @param trustedIssuers the trusted issuers
	 * @param emails the users' addresses
	 * @param idTokens verifies this server's signatures (any type, any lifetime)
	 * @param issuer this server's issuer identifier
	 */
	public BackchannelUsers(@Nullable UserDetailsService users, TrustedIssuers trustedIssuers, SubjectEmails emails,
			JwtDecoder idTokens, String issuer) {
		Assert.notNull(trustedIssuers, "trustedIssuers cannot be null");
		Assert.notNull(emails, "emails cannot be null");
		Assert.notNull(idTokens, "idTokens cannot be null");
		Assert.hasText(issuer, "issuer cannot be empty");
		this.users = users;
		this.trustedIssuers = trustedIssuers;
		this.emails = emails;
		this.idTokens = idTokens;
		this.issuer = issuer;
	}

	/**
	 * The user a request names.
	 * @param request the request
	 * @param client the authenticated client
	 * @return the user
	 * @throws org.springframework.security.oauth2.core.OAuth2AuthenticationException
	 * naming what is wrong
	 */
	public Subject resolve(BackchannelAuthenticationToken request, RegisteredClient client) {
		String loginHint = request.getParameter("login_hint");
		String idTokenHint = request.getParameter("id_token_hint");
		String loginHintToken = request.getParameter("login_hint_token");
		int hints = ((loginHint != null) ? 1 : 0) + ((idTokenHint != null) ? 1 : 0)
				+ ((loginHintToken != null) ? 1 : 0);
		if (hints != 1) {
			throw ApprovalError.badRequest("invalid_request",
					"give exactly one of login_hint, id_token_hint and login_hint_token");
		}
		if (loginHint != null) {
			return qualified(loginHint);
		}
		if (idTokenHint != null) {
			return fromIdToken(idTokenHint, client);
		}
		return fromLoginHintToken(java.util.Objects.requireNonNull(loginHintToken), client);
	}

	/**
	 * The subject of a base token: a user of this server when its issuer is this server
	 * (or unnamed), else a subject of a trusted issuer.
	 * @param issuer the base token's issuer, or {@code null}
	 * @param subject its subject
	 * @return the user
	 * @throws org.springframework.security.oauth2.core.OAuth2AuthenticationException
	 * {@code unknown_user_id} for no such user or an untrusted issuer
	 */
	public Subject ofBaseToken(@Nullable String issuer, String subject) {
		return (issuer == null || issuer.equals(this.issuer)) ? qualified(subject) : qualified(issuer + "#" + subject);
	}

	/**
	 * A user named as the audit log names users: a user name, or {@code issuer#sub}.
	 * @param name the name
	 * @return the user
	 */
	private Subject qualified(String name) {
		int separator = name.lastIndexOf('#');
		if (separator > 0) {
			String trusted = name.substring(0, separator);
			String subject = name.substring(separator + 1);
			if (this.trustedIssuers.find(trusted) == null || subject.isBlank()) {
				throw unknown("no trusted issuer " + trusted + " is configured");
			}
			return new Subject(trusted, subject);
		}
		return local(name);
	}

	private Subject local(String username) {
		if (this.users == null || !StringUtils.hasText(username)) {
			throw unknown("this server has no user " + username);
		}
		try {
			UserDetails user = this.users.loadUserByUsername(username);
			if (!user.isEnabled() || !user.isAccountNonLocked()) {
				throw unknown("the user cannot approve now");
			}
			return new Subject(null, user.getUsername());
		}
		catch (UsernameNotFoundException ex) {
			throw unknown("this server has no user " + username);
		}
	}

	private Subject fromIdToken(String token, RegisteredClient client) {
		Jwt jwt;
		try {
			jwt = this.idTokens.decode(token);
		}
		catch (JwtException ex) {
			throw ApprovalError.badRequest("invalid_request",
					"id_token_hint is not an ID token of this server: " + ex.getMessage());
		}
		List<String> audience = jwt.getAudience();
		if (!this.issuer.equals(jwt.getClaimAsString(JwtClaimNames.ISS)) || audience == null
				|| !audience.contains(client.getClientId()) || jwt.getClaim("client_id") != null) {
			throw ApprovalError.badRequest("invalid_request",
					"id_token_hint must be an ID token this server issued to " + client.getClientId());
		}
		return qualified(java.util.Objects.requireNonNull(jwt.getSubject(), "an ID token has a sub"));
	}

	private Subject fromLoginHintToken(String token, RegisteredClient client) {
		String jwkSetUrl = client.getClientSettings().getJwkSetUrl();
		if (!StringUtils.hasText(jwkSetUrl)) {
			throw ApprovalError.badRequest("invalid_request",
					"login_hint_token must be signed with the client's registered keys, and this client has none");
		}
		JwtDecoder decoder = this.clientKeys.computeIfAbsent(client.getClientId() + " " + jwkSetUrl,
				(key) -> clientDecoder(client.getClientId(), jwkSetUrl));
		Jwt jwt;
		try {
			jwt = decoder.decode(token);
		}
		catch (JwtValidationException ex) {
			if (ex.getErrors()
				.stream()
				.anyMatch((error) -> String.valueOf(error.getDescription()).contains("expired"))) {
				throw ApprovalError.badRequest("expired_login_hint_token", "login_hint_token expired");
			}
			throw ApprovalError.badRequest("invalid_request", "login_hint_token: " + ex.getMessage());
		}
		catch (BadJwtException ex) {
			if (String.valueOf(ex.getMessage()).contains("xpired")) {
				throw ApprovalError.badRequest("expired_login_hint_token", "login_hint_token expired");
			}
			throw ApprovalError.badRequest("invalid_request", "login_hint_token: " + ex.getMessage());
		}
		catch (JwtException ex) {
			throw ApprovalError.badRequest("invalid_request",
					"login_hint_token cannot be verified now: " + ex.getMessage());
		}
		Object subId = jwt.getClaim("sub_id");
		if (!(subId instanceof Map<?, ?> identifier)) {
			throw ApprovalError.badRequest("invalid_request",
					"login_hint_token must carry sub_id, an RFC 9493 subject identifier");
		}
		Object format = identifier.get("format");
		if ("iss_sub".equals(format) && identifier.get("iss") instanceof String iss
				&& identifier.get("sub") instanceof String sub) {
			return this.issuer.equals(iss) ? local(sub) : qualified(iss + "#" + sub);
		}
		if ("email".equals(format) && identifier.get("email") instanceof String email) {
			List<String> subjects = this.emails.subjectsOf(email);
			if (subjects.size() != 1) {
				throw unknown(subjects.isEmpty() ? "no user has this e-mail address"
						: "more than one user has this e-mail address");
			}
			return qualified(subjects.get(0));
		}
		throw ApprovalError.badRequest("invalid_request",
				"sub_id must be of format iss_sub (iss, sub) or email (email)");
	}

	private JwtDecoder clientDecoder(String clientId, String jwkSetUrl) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUrl).build();
		OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
				new JwtTimestampValidator(java.time.Duration.ofSeconds(30)), JwtTypeValidator.jwt(),
				new JwtIssuerValidator(clientId),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(audience) -> audience != null && audience.contains(this.issuer)),
				new JwtClaimValidator<Object>(JwtClaimNames.EXP, java.util.Objects::nonNull));
		decoder.setJwtValidator(validator);
		return decoder;
	}

	private static org.springframework.security.oauth2.core.OAuth2AuthenticationException unknown(String description) {
		return ApprovalError.badRequest("unknown_user_id", description);
	}

	/**
	 * A user.
	 *
	 * @param issuer the trusted issuer, or {@code null} for a user of this server
	 * @param subject the user name, or the subject at the issuer
	 */
	public record Subject(@Nullable String issuer, String subject) {
	}

}
