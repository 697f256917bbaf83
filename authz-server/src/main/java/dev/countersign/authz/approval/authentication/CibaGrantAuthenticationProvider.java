package dev.countersign.authz.approval.authentication;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
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
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ActionTokenGenerator;
import dev.countersign.authz.approval.ApprovalLedger;
import dev.countersign.authz.approval.ApprovalSettings;
import dev.countersign.authz.approval.BackchannelRequest;
import dev.countersign.authz.approval.BackchannelRequests;
import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.ActionMode;
import dev.countersign.authz.catalog.ActionType;
import dev.countersign.core.ResourceIndicators;

/**
 * The OpenID CIBA grant at the token endpoint (CIBA Core 1.0 sections 10 and 11): the
 * {@code auth_req_id} of the authenticated client's own request, answered as a poll
 * ({@code authorization_pending}, {@code slow_down} in poll mode, {@code access_denied},
 * {@code expired_token}, {@code invalid_grant}) and redeemed once, on the approval row
 * locked for the time of the poll, so two redemptions at once cannot both succeed.
 * <p>
 * The token is what the approved type's routes accept: for a {@code jit} type a
 * transaction access token ({@link ActionTokenGenerator#TRANSACTION_TOKEN}: {@code txn},
 * the one entry, the type's lifetime), for a {@code grant} type an ordinary access token
 * carrying the entry, stored as an authorization like any other; with an ID token when
 * {@code openid} was asked.
 */
public final class CibaGrantAuthenticationProvider implements AuthenticationProvider {

	private final ApprovalLedger ledger;

	private final ActionCatalog catalog;

	private final BackchannelRequests requests;

	private final OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator;

	private final OAuth2AuthorizationService authorizations;

	private final ApprovalSettings settings;

	public CibaGrantAuthenticationProvider(ApprovalLedger ledger, ActionCatalog catalog, BackchannelRequests requests,
			OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator, OAuth2AuthorizationService authorizations,
			ApprovalSettings settings) {
		Assert.notNull(ledger, "ledger cannot be null");
		Assert.notNull(catalog, "catalog cannot be null");
		Assert.notNull(requests, "requests cannot be null");
		Assert.notNull(tokenGenerator, "tokenGenerator cannot be null");
		Assert.notNull(authorizations, "authorizations cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		this.ledger = ledger;
		this.catalog = catalog;
		this.requests = requests;
		this.tokenGenerator = tokenGenerator;
		this.authorizations = authorizations;
		this.settings = settings;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		CibaGrantAuthenticationToken grant = (CibaGrantAuthenticationToken) authentication;
		if (!(grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken clientPrincipal)
				|| !clientPrincipal.isAuthenticated() || clientPrincipal.getRegisteredClient() == null) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
		}
		RegisteredClient client = Objects.requireNonNull(clientPrincipal.getRegisteredClient());
		if (!client.getAuthorizationGrantTypes().contains(BackchannelAuthenticationProvider.CIBA)) {
			throw refused(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
					"client " + client.getClientId() + " is not registered for the CIBA grant");
		}
		BackchannelRequest request = this.requests.findByAuthReqId(grant.getAuthReqId());
		if (request == null || !request.clientId().equals(client.getClientId())) {
			throw refused(OAuth2ErrorCodes.INVALID_GRANT, "auth_req_id is not one of this client's requests");
		}
		Redemption redemption = this.ledger.inTransaction(() -> redeem(grant, clientPrincipal, client, request));
		if (redemption.refusal() != null) {
			throw new OAuth2AuthenticationException(redemption.refusal());
		}
		return Objects.requireNonNull(redemption.tokens());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return CibaGrantAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private Redemption redeem(CibaGrantAuthenticationToken grant, OAuth2ClientAuthenticationToken clientPrincipal,
			RegisteredClient client, BackchannelRequest request) {
		ActionApproval locked = this.ledger.approvals().findByIdForUpdate(request.approvalId());
		if (locked == null) {
			return new Redemption(null, error(OAuth2ErrorCodes.INVALID_GRANT, "the request no longer exists"));
		}
		// a ping client is told when to ask; a poll client is held to the interval
		Polls.Answer answer = Polls.poll(this.ledger, this.ledger.expireIfDue(locked),
				request.ping() ? null : this.settings.interval(), "auth_req_id was already redeemed");
		if (answer.refusal() != null) {
			return new Redemption(null, answer.refusal());
		}
		ActionApproval approval = answer.polled();
		ActionType type = this.catalog.find(approval.actionType());
		if (type == null) {
			return new Redemption(null, error(OAuth2ErrorCodes.INVALID_GRANT,
					"type " + approval.actionType() + " is no longer in the catalog"));
		}
		Authentication user = UsernamePasswordAuthenticationToken.authenticated(approval.qualifiedSubject(), null,
				List.of());
		Map<String, Object> parameters = new LinkedHashMap<>(grant.getAdditionalParameters());
		parameters.put(ResourceIndicators.PARAMETER_NAME, type.resource());
		CibaGrantAuthenticationToken approved = new CibaGrantAuthenticationToken(grant.getAuthReqId(), clientPrincipal,
				parameters, List.of(approval.detail()));
		DefaultOAuth2TokenContext.Builder context = DefaultOAuth2TokenContext.builder()
			.registeredClient(client)
			.principal(user)
			.authorizationServerContext(AuthorizationServerContextHolder.getContext())
			.authorizationGrantType(BackchannelAuthenticationProvider.CIBA)
			.authorizationGrant(approved)
			.put(ActionApproval.class, approval)
			.put(ActionTokenGenerator.LIFETIME, type.tokenLifetime());
		Jwt accessToken;
		OAuth2Authorization.Builder authorization = OAuth2Authorization.withRegisteredClient(client)
			.principalName(approval.qualifiedSubject())
			.authorizationGrantType(BackchannelAuthenticationProvider.CIBA)
			.authorizedScopes(request.scope())
			.attribute(java.security.Principal.class.getName(), user);
		if (type.mode() == ActionMode.JIT) {
			accessToken = generate(context.tokenType(ActionTokenGenerator.TRANSACTION_TOKEN).build(),
					"transaction access token");
		}
		else {
			accessToken = generate(context.tokenType(OAuth2TokenType.ACCESS_TOKEN)
				.authorizedScopes(request.scope())
				.authorization(authorization.build())
				.build(), "access token");
		}
		Instant issuedAt = Objects.requireNonNull(accessToken.getIssuedAt());
		Instant expiresAt = Objects.requireNonNull(accessToken.getExpiresAt());
		OAuth2AccessToken bearer = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
				accessToken.getTokenValue(), issuedAt, expiresAt,
				(type.mode() == ActionMode.JIT) ? java.util.Set.of() : request.scope());
		ActionApproval issued = approval.withToken(Objects.requireNonNull(accessToken.getId()), issuedAt, expiresAt);
		this.ledger.update(issued, "issued", client.getClientId(),
				((type.mode() == ActionMode.JIT) ? "transaction access token" : "access token") + ", jti "
						+ accessToken.getId());
		if (type.mode() == ActionMode.GRANT) {
			this.authorizations.save(
					authorization
						.token(bearer,
								(metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME,
										accessToken.getClaims()))
						.build());
		}
		Map<String, Object> additional = new LinkedHashMap<>();
		if (request.scope().contains("openid")) {
			Jwt idToken = generate(context.tokenType(new OAuth2TokenType(OidcParameterNames.ID_TOKEN)).build(),
					"ID token");
			additional.put(OidcParameterNames.ID_TOKEN, idToken.getTokenValue());
		}
		return new Redemption(
				new OAuth2AccessTokenAuthenticationToken(client, clientPrincipal, bearer, null, additional), null);
	}

	private Jwt generate(DefaultOAuth2TokenContext context, String what) {
		OAuth2Token token = this.tokenGenerator.generate(context);
		if (!(token instanceof Jwt jwt)) {
			throw new OAuth2AuthenticationException(
					error(OAuth2ErrorCodes.SERVER_ERROR, "the token generator made no " + what));
		}
		return jwt;
	}

	private static OAuth2Error error(String errorCode, String description) {
		return new OAuth2Error(errorCode, description, null);
	}

	private static OAuth2AuthenticationException refused(String errorCode, String description) {
		return new OAuth2AuthenticationException(error(errorCode, description));
	}

	/**
	 * What a redemption came to, decided inside its transaction.
	 */
	private record Redemption(@Nullable OAuth2AccessTokenAuthenticationToken tokens, @Nullable OAuth2Error refusal) {
	}

}
