package dev.countersign.authz.approval.authentication;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ActionTokenGenerator;
import dev.countersign.authz.approval.ApprovalLedger;
import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.ActionMode;
import dev.countersign.authz.catalog.ActionType;

/**
 * Redeems an approval asked without a base token (OpenID CIBA, a transaction
 * authorization challenge) for the tokens its type's routes accept: one poll on the
 * locked approval ({@link Polls}), then, once approved, a transaction access token for a
 * {@code jit} type or an ordinary, stored access token for a {@code grant} type, with an
 * ID token when {@code openid} was asked; the approval marked issued and audited in the
 * same transaction.
 */
final class ApprovedTokenIssuer {

	private final ApprovalLedger ledger;

	private final ActionCatalog catalog;

	private final OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator;

	private final OAuth2AuthorizationService authorizations;

	ApprovedTokenIssuer(ApprovalLedger ledger, ActionCatalog catalog,
			OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator, OAuth2AuthorizationService authorizations) {
		Assert.notNull(ledger, "ledger cannot be null");
		Assert.notNull(catalog, "catalog cannot be null");
		Assert.notNull(tokenGenerator, "tokenGenerator cannot be null");
		Assert.notNull(authorizations, "authorizations cannot be null");
		this.ledger = ledger;
		this.catalog = catalog;
		this.tokenGenerator = tokenGenerator;
		this.authorizations = authorizations;
	}

	/**
	 * One poll for an approval's tokens, in one transaction on the locked approval.
	 * @param approvalId the approval
	 * @param interval the least time between polls, or {@code null} for none
	 * @param issuedDescription what the refusal of an approval already redeemed says
	 * @param issue mints the tokens of the approved approval
	 * @return the tokens, or the refusal
	 */
	Redemption redeem(String approvalId, @Nullable Duration interval, String issuedDescription, Issue issue) {
		return this.ledger.inTransaction(() -> {
			ActionApproval locked = this.ledger.approvals().findByIdForUpdate(approvalId);
			if (locked == null) {
				return new Redemption(null, error(OAuth2ErrorCodes.INVALID_GRANT, "the request no longer exists"));
			}
			Polls.Answer answer = Polls.poll(this.ledger, this.ledger.expireIfDue(locked), interval, issuedDescription);
			if (answer.refusal() != null) {
				return new Redemption(null, answer.refusal());
			}
			ActionApproval approval = answer.polled();
			ActionType type = this.catalog.find(approval.actionType());
			if (type == null) {
				return new Redemption(null, error(OAuth2ErrorCodes.INVALID_GRANT,
						"type " + approval.actionType() + " is no longer in the catalog"));
			}
			return new Redemption(issue.issue(approval, type), null);
		});
	}

	/**
	 * The tokens of an approved approval, inside the redemption's transaction.
	 * @param approval the approval, approved and locked
	 * @param type its type
	 * @param clientPrincipal the redeeming client
	 * @param scope the scopes asked for
	 * @param grantType the grant, as the tokens' customizers see it
	 * @param grant the token request, as the tokens' customizers see it, or {@code null}
	 * @param txn the transaction identifier of a transaction access token, or
	 * {@code null} for the approval's id
	 * @return the tokens
	 */
	OAuth2AccessTokenAuthenticationToken issue(ActionApproval approval, ActionType type,
			OAuth2ClientAuthenticationToken clientPrincipal, Set<String> scope, AuthorizationGrantType grantType,
			@Nullable OAuth2AuthorizationGrantAuthenticationToken grant, @Nullable String txn) {
		RegisteredClient client = Objects.requireNonNull(clientPrincipal.getRegisteredClient());
		Authentication user = UsernamePasswordAuthenticationToken.authenticated(approval.qualifiedSubject(), null,
				List.of());
		DefaultOAuth2TokenContext.Builder context = DefaultOAuth2TokenContext.builder()
			.registeredClient(client)
			.principal(user)
			.authorizationServerContext(AuthorizationServerContextHolder.getContext())
			.authorizationGrantType(grantType)
			.put(ActionApproval.class, approval)
			.put(ActionTokenGenerator.LIFETIME, type.tokenLifetime());
		if (grant != null) {
			context.authorizationGrant(grant);
		}
		if (txn != null) {
			context.put(ActionTokenGenerator.TRANSACTION_ID, txn);
		}
		OAuth2Authorization.Builder authorization = OAuth2Authorization.withRegisteredClient(client)
			.principalName(approval.qualifiedSubject())
			.authorizationGrantType(grantType)
			.authorizedScopes(scope)
			.attribute(java.security.Principal.class.getName(), user);
		boolean jit = type.mode() == ActionMode.JIT;
		Jwt accessToken = jit
				? generate(context.tokenType(ActionTokenGenerator.TRANSACTION_TOKEN).build(),
						"transaction access token")
				: generate(context.tokenType(OAuth2TokenType.ACCESS_TOKEN)
					.authorizedScopes(scope)
					.authorization(authorization.build())
					.build(), "access token");
		Instant issuedAt = Objects.requireNonNull(accessToken.getIssuedAt());
		Instant expiresAt = Objects.requireNonNull(accessToken.getExpiresAt());
		OAuth2AccessToken bearer = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
				accessToken.getTokenValue(), issuedAt, expiresAt, jit ? Set.of() : scope);
		ActionApproval issued = approval.withToken(Objects.requireNonNull(accessToken.getId()), issuedAt, expiresAt);
		this.ledger.update(issued, "issued", client.getClientId(),
				(jit ? "transaction access token" : "access token") + ", jti " + accessToken.getId());
		if (!jit) {
			this.authorizations.save(
					authorization
						.token(bearer,
								(metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME,
										accessToken.getClaims()))
						.build());
		}
		Map<String, Object> additional = new LinkedHashMap<>();
		if (scope.contains("openid")) {
			Jwt idToken = generate(context.tokenType(new OAuth2TokenType(OidcParameterNames.ID_TOKEN)).build(),
					"ID token");
			additional.put(OidcParameterNames.ID_TOKEN, idToken.getTokenValue());
		}
		return new OAuth2AccessTokenAuthenticationToken(client, clientPrincipal, bearer, null, additional);
	}

	private Jwt generate(DefaultOAuth2TokenContext context, String what) {
		OAuth2Token token = this.tokenGenerator.generate(context);
		if (!(token instanceof Jwt jwt)) {
			throw new OAuth2AuthenticationException(
					error(OAuth2ErrorCodes.SERVER_ERROR, "the token generator made no " + what));
		}
		return jwt;
	}

	static OAuth2Error error(String errorCode, String description) {
		return new OAuth2Error(errorCode, description, null);
	}

	/**
	 * Mints the tokens of an approved approval.
	 */
	@FunctionalInterface
	interface Issue {

		OAuth2AccessTokenAuthenticationToken issue(ActionApproval approval, ActionType type);

	}

	/**
	 * What a redemption came to, decided inside its transaction: the tokens, or a
	 * refusal.
	 */
	record Redemption(@Nullable OAuth2AccessTokenAuthenticationToken tokens, @Nullable OAuth2Error refusal) {
	}

}
