package dev.countersign.authz.token;

import java.text.ParseException;

import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.util.Assert;

/**
 * Decodes this server's own access tokens and, when one is refused, says why in words a client
 * developer can act on rather than a JOSE library's: a token of another issuer is "not issued by
 * this server (iss …)", a token whose signature no key of this server verifies says so. The
 * unverified {@code iss} is read only to describe a refusal; nothing is ever accepted on it.
 */
public final class IssuerNamingJwtDecoder implements JwtDecoder {

	private final JwtDecoder delegate;

	private final String issuer;

	/**
	 * @param delegate the decoder that verifies
	 * @param issuer this server's issuer
	 */
	public IssuerNamingJwtDecoder(JwtDecoder delegate, String issuer) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.hasText(issuer, "issuer cannot be empty");
		this.delegate = delegate;
		this.issuer = issuer;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		String claimed = claimedIssuer(token);
		if (claimed == null) {
			throw new BadJwtException("the bearer token is no JWT with an iss claim; this server accepts only the "
					+ "access tokens it issued itself (iss " + this.issuer + ")");
		}
		if (!claimed.equals(this.issuer)) {
			throw new BadJwtException("the bearer token was not issued by this server (iss " + claimed
					+ "); this server accepts only the access tokens it issued itself (iss " + this.issuer + ")");
		}
		try {
			return this.delegate.decode(token);
		}
		catch (JwtValidationException ex) {
			throw ex;
		}
		catch (BadJwtException ex) {
			if (ex.getCause() instanceof BadJOSEException) {
				throw new BadJwtException("the bearer token's signature does not verify with any key of this server", ex);
			}
			throw ex;
		}
	}

	private static @Nullable String claimedIssuer(String token) {
		try {
			JWT jwt = JWTParser.parse(token);
			return jwt.getJWTClaimsSet().getIssuer();
		}
		catch (ParseException | RuntimeException ex) {
			return null;
		}
	}

}
