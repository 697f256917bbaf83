package dev.countersign.core;

import java.text.ParseException;

import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTParser;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.util.Assert;

/**
 * A {@link JwtDecoder} whose refusals say where the client stands instead of a JOSE
 * library's words: a bearer token of another issuer is "not issued by this server (iss
 * …)", a token of the right issuer whose signature no key verifies says so. The delegate
 * decides alone: a refusal is only reworded, never added, so nothing is refused or
 * accepted that the delegate would not. The token's unverified {@code iss} is read only
 * to describe a refusal.
 */
public final class IssuerNamingJwtDecoder implements JwtDecoder {

	private final JwtDecoder delegate;

	private final @Nullable String issuer;

	private final boolean ownTokens;

	private IssuerNamingJwtDecoder(JwtDecoder delegate, @Nullable String issuer, boolean ownTokens) {
		Assert.notNull(delegate, "delegate cannot be null");
		this.delegate = delegate;
		this.issuer = issuer;
		this.ownTokens = ownTokens;
	}

	/**
	 * For an authorization server that accepts only the access tokens it issued.
	 * @param delegate the decoder that decides
	 * @param issuer this server's issuer
	 * @return the decoder
	 */
	public static IssuerNamingJwtDecoder ownTokens(JwtDecoder delegate, String issuer) {
		Assert.hasText(issuer, "issuer cannot be empty");
		return new IssuerNamingJwtDecoder(delegate, issuer, true);
	}

	/**
	 * For a resource server that accepts the access tokens of one issuer.
	 * @param delegate the decoder that decides
	 * @param issuer the trusted issuer, or {@code null} when the decoder knows only a key
	 * set
	 * @return the decoder
	 */
	public static IssuerNamingJwtDecoder trustedIssuer(JwtDecoder delegate, @Nullable String issuer) {
		return new IssuerNamingJwtDecoder(delegate, issuer, false);
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		try {
			return this.delegate.decode(token);
		}
		catch (BadJwtException ex) {
			String claimed = claimedIssuer(token);
			if (claimed != null && this.issuer != null && !claimed.equals(this.issuer)) {
				throw new BadJwtException(this.ownTokens
						? "the bearer token was not issued by this server (iss " + claimed
								+ "); this server accepts only the access tokens it issued itself (iss " + this.issuer
								+ ")"
						: "the bearer token was not issued by the issuer this API trusts (iss " + claimed
								+ "); this API accepts only the access tokens of " + this.issuer,
						ex);
			}
			if (ex.getCause() instanceof BadJOSEException) {
				throw new BadJwtException(this.ownTokens
						? "the bearer token's signature does not verify with any key of this server"
						: "the bearer token's signature does not verify with any key of the issuer this API trusts"
								+ ((claimed != null) ? " (iss " + claimed + ")" : ""),
						ex);
			}
			throw ex;
		}
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
