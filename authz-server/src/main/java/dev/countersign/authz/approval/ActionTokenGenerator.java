package dev.countersign.authz.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.util.Assert;

import dev.countersign.core.ClaimNames;
import dev.countersign.core.TokenTypes;

/**
 * An {@link OAuth2TokenGenerator} for action tokens, one link of the server's
 * {@code DelegatingOAuth2TokenGenerator}: for the token type {@link #ACTION_TOKEN} it
 * mints a JWS typed {@code action+jwt} (RFC 8725 explicit typing) for the approval in the
 * context, bound to its base token ({@code ath}); for {@link #TRANSACTION_TOKEN}, the
 * transaction access token of a decoupled approval ({@code at+jwt} with {@code txn}, no
 * base token); for any other type it returns {@code null}. The same
 * {@link OAuth2TokenCustomizer} as for access tokens runs on it, with
 * {@link JwtEncodingContext#getTokenType()} telling them apart.
 */
public final class ActionTokenGenerator implements OAuth2TokenGenerator<Jwt> {

	/** The token type of action tokens. */
	public static final OAuth2TokenType ACTION_TOKEN = new OAuth2TokenType("action_token");

	/**
	 * The token type of transaction access tokens: an RFC 9068 access token ({@code typ}
	 * {@code at+jwt}) of a decoupled approval, carrying {@code txn} and the one approved
	 * entry, accepted alone on a {@code jit} route.
	 */
	public static final OAuth2TokenType TRANSACTION_TOKEN = new OAuth2TokenType("transaction_access_token");

	/** The grant type recorded for action tokens. */
	public static final AuthorizationGrantType ACTION_APPROVAL = new AuthorizationGrantType(
			"urn:countersign:grant-type:action-approval");

	/**
	 * The context key of the base64url SHA-256 of the base token the action token binds
	 * to.
	 */
	public static final String ACCESS_TOKEN_HASH = ActionTokenGenerator.class.getName() + ".ath";

	/**
	 * The context key of a transaction access token's {@code txn}: the challenge's
	 * transaction identifier; by default the approval's id.
	 */
	public static final String TRANSACTION_ID = ActionTokenGenerator.class.getName() + ".txn";

	/** The context key of the action token's lifetime. */
	public static final String LIFETIME = ActionTokenGenerator.class.getName() + ".lifetime";

	private final JwtEncoder jwtEncoder;

	private @Nullable OAuth2TokenCustomizer<JwtEncodingContext> jwtCustomizer;

	private Clock clock = Clock.systemUTC();

	public ActionTokenGenerator(JwtEncoder jwtEncoder) {
		Assert.notNull(jwtEncoder, "jwtEncoder cannot be null");
		this.jwtEncoder = jwtEncoder;
	}

	public void setJwtCustomizer(OAuth2TokenCustomizer<JwtEncodingContext> jwtCustomizer) {
		Assert.notNull(jwtCustomizer, "jwtCustomizer cannot be null");
		this.jwtCustomizer = jwtCustomizer;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public @Nullable Jwt generate(OAuth2TokenContext context) {
		boolean transaction = TRANSACTION_TOKEN.equals(context.getTokenType());
		if (!ACTION_TOKEN.equals(context.getTokenType()) && !transaction) {
			return null;
		}
		ActionApproval approval = context.get(ActionApproval.class);
		java.time.Duration lifetime = context.get(LIFETIME);
		Assert.notNull(approval, "approval cannot be null");
		Assert.notNull(lifetime, "lifetime cannot be null");
		Instant issuedAt = this.clock.instant();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(context.getAuthorizationServerContext().getIssuer())
			.audience(List.of(approval.resource()))
			.issuedAt(issuedAt)
			.notBefore(issuedAt)
			.expiresAt(issuedAt.plus(lifetime))
			.id(UUID.randomUUID().toString())
			.claim(ClaimNames.CLIENT_ID, approval.clientId())
			.claim(ClaimNames.AUTHORIZATION_DETAILS, List.of(approval.detail().toJsonObject()));
		if (transaction) {
			// no base token: the user as this server names them, the approval as txn
			String txn = context.get(TRANSACTION_ID);
			claims.subject(approval.qualifiedSubject())
				.claim(ClaimNames.TRANSACTION, (txn != null) ? txn : approval.id());
		}
		else {
			String accessTokenHash = context.get(ACCESS_TOKEN_HASH);
			Assert.hasText(accessTokenHash, "the base token hash cannot be empty");
			claims.subject(approval.subject())
				.claim(ClaimNames.ACCESS_TOKEN_HASH, accessTokenHash)
				.claim(ClaimNames.APPROVAL_ID, approval.id());
		}
		if (approval.acr() != null) {
			claims.claim(ClaimNames.ACR, approval.acr());
		}
		if (approval.authTime() != null) {
			claims.claim(ClaimNames.AUTH_TIME, approval.authTime().getEpochSecond());
		}
		JwsHeader.Builder header = JwsHeader.with(SignatureAlgorithm.RS256)
			.type(transaction ? TokenTypes.ACCESS_TOKEN : TokenTypes.ACTION_TOKEN);
		if (this.jwtCustomizer != null) {
			JwtEncodingContext.Builder encodingContext = JwtEncodingContext.with(header, claims)
				.registeredClient(context.getRegisteredClient())
				.principal(Objects.requireNonNull(context.getPrincipal(), "an action token is minted for a principal"))
				.authorizationServerContext(context.getAuthorizationServerContext())
				.tokenType(context.getTokenType())
				.authorizationGrantType(
						transaction ? Objects.requireNonNullElse(context.getAuthorizationGrantType(), ACTION_APPROVAL)
								: ACTION_APPROVAL)
				.put(ActionApproval.class, approval);
			this.jwtCustomizer.customize(encodingContext.build());
		}
		return this.jwtEncoder.encode(JwtEncoderParameters.from(header.build(), claims.build()));
	}

}
