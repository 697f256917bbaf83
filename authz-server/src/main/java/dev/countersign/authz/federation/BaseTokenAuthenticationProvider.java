package dev.countersign.authz.federation;

import java.text.ParseException;
import java.util.List;

import com.nimbusds.jwt.JWTParser;
import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.Assert;

/**
 * Authenticates the bearer tokens of the authorization server's chain, as Spring
 * Security's {@code JwtAuthenticationProvider} does, with the decoder of the token's
 * issuer: this server's own, or a trusted issuer's ({@link TrustedIssuers}). A trusted
 * issuer's token grants no scope here (only its issuer's authority,
 * {@value #TRUSTED_ISSUER_AUTHORITY_PREFIX}{@code <name>}), so it is a base token of the
 * approval calls of clients and nothing else. A token of any other issuer is refused with
 * {@code 401 invalid_token} naming it; a trusted issuer that cannot be reached answers
 * {@code 503 temporarily_unavailable}, never an unchecked token.
 */
public final class BaseTokenAuthenticationProvider implements AuthenticationProvider {

	/** The authority of a trusted issuer's token: this prefix and the entry's name. */
	public static final String TRUSTED_ISSUER_AUTHORITY_PREFIX = "TRUSTED_ISSUER_";

	private static final String DECODE_PREFIX = "An error occurred while attempting to decode the Jwt: ";

	private final JwtDecoder ownTokens;

	private final String ownIssuer;

	private final TrustedIssuers trusted;

	private Converter<Jwt, ? extends AbstractAuthenticationToken> authenticationConverter = new JwtAuthenticationConverter();

	/**
	 * A provider of this server's tokens and the trusted issuers'.
	 * @param ownTokens the decoder of this server's access tokens
	 * @param ownIssuer this server's issuer
	 * @param trusted the trusted issuers
	 */
	public BaseTokenAuthenticationProvider(JwtDecoder ownTokens, String ownIssuer, TrustedIssuers trusted) {
		Assert.notNull(ownTokens, "ownTokens cannot be null");
		Assert.hasText(ownIssuer, "ownIssuer cannot be empty");
		Assert.notNull(trusted, "trusted cannot be null");
		this.ownTokens = ownTokens;
		this.ownIssuer = ownIssuer;
		this.trusted = trusted;
	}

	public void setAuthenticationConverter(
			Converter<Jwt, ? extends AbstractAuthenticationToken> authenticationConverter) {
		Assert.notNull(authenticationConverter, "authenticationConverter cannot be null");
		this.authenticationConverter = authenticationConverter;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		BearerTokenAuthenticationToken bearer = (BearerTokenAuthenticationToken) authentication;
		String token = bearer.getToken();
		TrustedIssuer issuer = null;
		Jwt jwt;
		try {
			try {
				// this server's own tokens first: no parse beyond the decoder's own
				jwt = this.ownTokens.decode(token);
			}
			catch (BadJwtException ownRefusal) {
				if (this.trusted.all().isEmpty()) {
					throw ownRefusal;
				}
				String claimed = claimedIssuer(token);
				issuer = this.trusted.find(claimed);
				JwtDecoder decoder = this.trusted.decoder(claimed);
				if (issuer == null || decoder == null) {
					if (claimed != null && !claimed.equals(this.ownIssuer)) {
						throw new InvalidBearerTokenException(rfc6750(
								"the bearer token was not issued by this " + "server or an issuer it trusts (iss "
										+ claimed + "); this server accepts the access tokens of " + this.ownIssuer
										+ " and of the trusted issuers " + String.join(", ", issuers())));
					}
					throw ownRefusal;
				}
				jwt = decoder.decode(token);
			}
		}
		catch (BadJwtException ex) {
			throw new InvalidBearerTokenException(describe(ex), ex);
		}
		catch (JwtException ex) {
			throw new OAuth2AuthenticationException(
					new BearerTokenError("temporarily_unavailable", HttpStatus.SERVICE_UNAVAILABLE, describe(ex), null),
					ex);
		}
		AbstractAuthenticationToken result = (issuer != null)
				? new JwtAuthenticationToken(jwt,
						List.of(new SimpleGrantedAuthority(TRUSTED_ISSUER_AUTHORITY_PREFIX + issuer.name())))
				: this.authenticationConverter.convert(jwt);
		Assert.state(result != null, "the authentication converter returned nothing");
		if (result.getDetails() == null) {
			result.setDetails(bearer.getDetails());
		}
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private java.util.List<String> issuers() {
		return this.trusted.all().stream().map(TrustedIssuer::issuer).toList();
	}

	/**
	 * The refusal's description, within what RFC 6750 section 3 lets a challenge carry:
	 * printable ASCII without {@code "} and {@code \}.
	 * @param ex the refusal
	 * @return the description
	 */
	private static String describe(JwtException ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : "the bearer token is not valid";
		return rfc6750(message.startsWith(DECODE_PREFIX) ? message.substring(DECODE_PREFIX.length()) : message);
	}

	private static String rfc6750(String message) {
		StringBuilder described = new StringBuilder(message.length());
		for (char c : message.toCharArray()) {
			described.append((c == '"' || c == '\\') ? '\'' : (c < 0x20 || c > 0x7e) ? ' ' : c);
		}
		return described.toString();
	}

	private static @Nullable String claimedIssuer(String token) {
		try {
			return JWTParser.parse(token).getJWTClaimsSet().getIssuer();
		}
		catch (ParseException | RuntimeException ex) {
			return null;
		}
	}

}
