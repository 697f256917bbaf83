package dev.countersign.resource.web;

import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.AccessTokenHash;
import dev.countersign.core.ClaimNames;
import dev.countersign.core.Messages;
import dev.countersign.core.ParameterSchema;
import dev.countersign.resource.replay.ReplayStore;
import dev.countersign.resource.replay.ReplayStoreUnavailableException;
import dev.countersign.resource.validation.ActionTokenException;
import dev.countersign.resource.validation.ActionTokenVerifier;
import dev.countersign.resource.validation.ParameterMatching;
import dev.countersign.resource.validation.VerifiedActionToken;

/**
 * Checks the action token of a {@code jit} request, as Spring Security's
 * {@code JwtAuthenticationProvider} checks a bearer token: its signature, {@code typ},
 * {@code iss}, {@code aud} and lifetime ({@link ActionTokenVerifier}); that its
 * {@code sub} and {@code client_id} are the base token's and its {@code ath} the hash of
 * the base token; that its type is the route's, every approved parameter equals the
 * request's (canonically) and its {@code fields}, when given, hold every body member;
 * then, last, that its {@code jti} was not used before ({@link ReplayStore}), so a token
 * is spent only by a request that passed every other check.
 * <p>
 * Fails with an {@link InvalidActionTokenException} naming the check, or an
 * {@link AuthenticationServiceException} when the replay store cannot answer (the request
 * is refused, never let through).
 */
public final class ActionTokenAuthenticationProvider implements AuthenticationProvider {

	private final ActionTokenVerifier verifier;

	private final ReplayStore replayStore;

	private String subjectClaim = "sub";

	private @Nullable String clientClaim;

	public ActionTokenAuthenticationProvider(ActionTokenVerifier verifier, ReplayStore replayStore) {
		Assert.notNull(verifier, "verifier cannot be null");
		Assert.notNull(replayStore, "replayStore cannot be null");
		this.verifier = verifier;
		this.replayStore = replayStore;
	}

	/**
	 * The claims of the base token that name its user and client, as the authorization
	 * server's trusted-issuer entry names them; by default {@code sub}, and
	 * {@code client_id}, else {@code azp}.
	 * @param subjectClaim the claim naming the user
	 * @param clientClaim the claim naming the client, or {@code null} for the default
	 */
	public void setBaseTokenClaims(String subjectClaim, @Nullable String clientClaim) {
		Assert.hasText(subjectClaim, "subjectClaim cannot be empty");
		this.subjectClaim = subjectClaim;
		this.clientClaim = clientClaim;
	}

	@Override
	public ActionTokenAuthenticationToken authenticate(Authentication authentication) {
		ActionTokenAuthenticationToken presented = (ActionTokenAuthenticationToken) authentication;
		ActionRequest request = Objects.requireNonNull(presented.getRequest(), "the request to approve");
		VerifiedActionToken token;
		try {
			token = this.verifier.verify(presented.getCredentials());
		}
		catch (ActionTokenException ex) {
			throw new InvalidActionTokenException(ex.getCheck(), Messages.of(ex), ex.getJti());
		}
		try {
			checkBound(token, presented.getPrincipal().getToken(), request, this.subjectClaim, this.clientClaim);
			if (!this.replayStore.markUsed(token.jti(), token.expiresAt().plus(this.verifier.getClockSkew()))) {
				throw new ActionTokenException("jti", "the action token was already used");
			}
		}
		catch (ActionTokenException ex) {
			throw new InvalidActionTokenException(ex.getCheck(), Messages.of(ex), token.jti());
		}
		catch (ReplayStoreUnavailableException ex) {
			throw new AuthenticationServiceException(Messages.of(ex), ex);
		}
		return new ActionTokenAuthenticationToken(presented, token);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ActionTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/**
	 * Checks a transaction access token presented alone as the bearer token of a
	 * {@code jit} request (SPEC "Transaction access tokens"): its issuer, audience and
	 * lifetime, that its one entry approves exactly this request (type, parameters,
	 * {@code fields}), then, last, that its {@code jti} was not used before.
	 * @param bearer the bearer token's authentication, a token with {@code txn}
	 * @param request the request it must approve
	 * @return the verified token
	 * @throws InvalidActionTokenException naming the failed check
	 * @throws AuthenticationServiceException when the replay store cannot answer
	 */
	public VerifiedActionToken authenticateTransaction(JwtAuthenticationToken bearer, ActionRequest request) {
		VerifiedActionToken token;
		try {
			token = this.verifier.readTransactionToken(bearer.getToken().getTokenValue());
		}
		catch (ActionTokenException ex) {
			throw new InvalidActionTokenException(ex.getCheck(), Messages.of(ex), ex.getJti());
		}
		try {
			checkApproves(token, request);
			if (!this.replayStore.markUsed(token.jti(), token.expiresAt().plus(this.verifier.getClockSkew()))) {
				throw new ActionTokenException("jti", "the transaction access token was already used");
			}
		}
		catch (ActionTokenException ex) {
			throw new InvalidActionTokenException(ex.getCheck(), Messages.of(ex), token.jti());
		}
		catch (ReplayStoreUnavailableException ex) {
			throw new AuthenticationServiceException(Messages.of(ex), ex);
		}
		return token;
	}

	/**
	 * The checks of a token whose signature, issuer, audience and lifetime verified: it
	 * is bound to this base token and approves exactly this request.
	 * @param token the verified action token
	 * @param base the base token
	 * @param request the request it must approve
	 * @param subjectClaim the base token's claim naming the user
	 * @param clientClaim the base token's claim naming the client, or {@code null}
	 */
	private static void checkBound(VerifiedActionToken token, Jwt base, ActionRequest request, String subjectClaim,
			@Nullable String clientClaim) {
		if (!token.subject().equals(base.getClaimAsString(subjectClaim))) {
			throw new ActionTokenException("sub", "sub differs from the base token's");
		}
		String client = (clientClaim != null) ? base.getClaimAsString(clientClaim)
				: (base.getClaimAsString(ClaimNames.CLIENT_ID) != null) ? base.getClaimAsString(ClaimNames.CLIENT_ID)
						: base.getClaimAsString("azp");
		if (!token.clientId().equals(client)) {
			throw new ActionTokenException("client_id", "client_id differs from the base token's");
		}
		if (!token.accessTokenHash().equals(AccessTokenHash.of(base.getTokenValue()))) {
			throw new ActionTokenException("ath", "ath is not the hash of this base token");
		}
		checkApproves(token, request);
	}

	/**
	 * That a verified token approves exactly this request: the route's type, every
	 * approved parameter equal to the request's (canonically) and no other, the body
	 * within its {@code fields}.
	 * @param token the token
	 * @param request the request
	 */
	private static void checkApproves(VerifiedActionToken token, ActionRequest request) {
		String type = request.binding().type();
		if (!token.type().equals(type)) {
			throw new ActionTokenException("type", "the token approves " + token.type() + ", this route is " + type);
		}
		for (Map.Entry<String, JsonNode> approved : token.parameters().entrySet()) {
			ParameterSchema parameter = request.schema().parameters().get(approved.getKey());
			Object requested = request.values().get(approved.getKey());
			if (parameter == null || requested == null
					|| !ParameterMatching.equal(parameter, approved.getValue(), requested)) {
				throw new ActionTokenException("parameters",
						"parameter '" + approved.getKey() + "' differs from the approved value");
			}
		}
		for (String name : request.values().keySet()) {
			if (!token.parameters().containsKey(name)) {
				throw new ActionTokenException("parameters", "parameter '" + name + "' was not approved");
			}
		}
		java.util.List<String> fields = token.fields();
		if (fields != null && !request.bodyWithin(fields)) {
			throw new ActionTokenException("fields", "the body sets members outside the approved fields");
		}
	}

}
