package dev.countersign.resource.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.SpringAuthorizationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.countersign.core.AuthorizationDetail;
import dev.countersign.core.ClaimNames;
import dev.countersign.core.Messages;
import dev.countersign.resource.replay.ReplayStore;
import dev.countersign.resource.validation.ActionTokenVerifier;
import dev.countersign.resource.validation.ActionTypeSchemas;
import dev.countersign.resource.validation.ActionTypeSchemasUnavailableException;
import dev.countersign.resource.validation.VerifiedActionToken;

/**
 * Checks every request of a bound route before the controller runs; unbound routes pass
 * untouched. It runs inside the application's security filter chain, right after Spring
 * Security's {@code AuthorizationFilter} ({@link CountersignConfigurer}), so the bearer
 * token is authenticated and the chain's own rules have passed: a token is never spent on
 * a request that the chain refuses.
 * <ul>
 * <li>{@code jit} routes: the action token ({@link ActionTokenResolver}, by default the
 * {@code Action-Token} header) is checked by the
 * {@link ActionTokenAuthenticationProvider} against the base token and the request, its
 * {@code jti} marked used last; or the bearer token is itself a transaction access token
 * ({@code txn}, of a decoupled approval), checked against the request the same way and
 * spent once. A transaction access token on any other route is refused
 * ({@code 403 insufficient_scope}).</li>
 * <li>{@code grant} routes: the {@link ActionGrantAuthorizationManager} decides whether
 * some granted entry of the base token's {@code authorization_details} admits the
 * request; a denial is published as Spring Security's authorization events are.</li>
 * </ul>
 * Before either, every bound value is read where the controller reads it and checked
 * against the authorization server's catalog ({@link ActionTypeSchemas}): its type, text
 * form, NFC, length, pattern and limits, so nothing outside the catalog is matched,
 * echoed or handed on. The body is read once ({@link BoundRequestBody}: JSON with a
 * repeated member refused, any body the filter does not parse refused) and handed on
 * unchanged.
 * <p>
 * A refusal of access goes through Spring Security's exception handling: no bearer token
 * ({@code 401}) to the chain's entry point, an {@link ActionAccessDeniedException}
 * ({@code 403}) to its access-denied handler. A request that cannot be checked (a
 * malformed value: {@code 400}; the replay store or the catalog down: {@code 503}; a
 * binding that does not fit the catalog: {@code 500}) is answered here.
 */
public final class ActionApprovalFilter extends OncePerRequestFilter {

	/** The header carrying the action token. */
	public static final String ACTION_TOKEN_HEADER = HeaderActionTokenResolver.ACTION_TOKEN_HEADER;

	/** Requests this filter refused, for the chain's default handlers. */
	public static final RequestMatcher REFUSED_REQUESTS = (
			request) -> request.getAttribute(ActionApprovalFilter.REFUSED_ATTRIBUTE) != null;

	static final String NO_BEARER_TOKEN = "this route needs a bearer access token";

	/** The request header of an agent that takes transaction authorization challenges. */
	public static final String ACCEPT_TXN_CHALLENGE = "Accept-Txn-Challenge";

	/** The error of a transaction authorization challenge. */
	static final String TRANSACTION_AUTHORIZATION_REQUIRED = "transaction_authorization_required";

	/** RFC 6750's error of a token that does not grant the request. */
	static final String INSUFFICIENT_SCOPE = "insufficient_scope";

	/** Set on every request this filter saw, for the fallback guard. */
	static final String CHECKED_ATTRIBUTE = ActionApprovalFilter.class.getName() + ".checked";

	static final String REFUSED_ATTRIBUTE = ActionApprovalFilter.class.getName() + ".refused";

	private final ActionBindingResolver bindings;

	private final ActionTypeSchemas schemas;

	private final ActionTokenAuthenticationProvider actionTokens;

	private AuthorizationManager<RequestAuthorizationContext> grants = new ActionGrantAuthorizationManager();

	private ActionTokenResolver actionTokenResolver = new HeaderActionTokenResolver();

	private @Nullable TransactionChallengeIssuer challenges;

	private String subjectClaim = "sub";

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	private AuthorizationEventPublisher authorizationEvents = new SpringAuthorizationEventPublisher((event) -> {
	});

	private int maxBodySize = 64 * 1024;

	private List<MediaType> jsonMediaTypes = List.of(MediaType.APPLICATION_JSON,
			new MediaType("application", "*+json"));

	private ApplicationEventPublisher events = (event) -> {
	};

	private ActionProblems problems = new ActionProblems(null, null, null);

	public ActionApprovalFilter(ActionBindingResolver bindings, ActionTokenVerifier verifier, ReplayStore replayStore,
			ActionTypeSchemas schemas) {
		Assert.notNull(bindings, "bindings cannot be null");
		Assert.notNull(verifier, "verifier cannot be null");
		Assert.notNull(replayStore, "replayStore cannot be null");
		Assert.notNull(schemas, "schemas cannot be null");
		this.bindings = bindings;
		this.schemas = schemas;
		this.actionTokens = new ActionTokenAuthenticationProvider(verifier, replayStore);
	}

	/**
	 * The media types read as JSON: those the application's JSON message converter reads,
	 * so no body reaches a controller as JSON without being checked. By default
	 * {@code application/json} and {@code application/*+json}.
	 * @param jsonMediaTypes the media types
	 */
	public void setJsonMediaTypes(List<MediaType> jsonMediaTypes) {
		Assert.notEmpty(jsonMediaTypes, "jsonMediaTypes cannot be empty");
		this.jsonMediaTypes = List.copyOf(jsonMediaTypes);
	}

	/**
	 * The largest body a bound route accepts, in bytes.
	 * @param maxBodySize the limit
	 */
	public void setMaxBodySize(int maxBodySize) {
		Assert.isTrue(maxBodySize > 0, "maxBodySize must be positive");
		this.maxBodySize = maxBodySize;
	}

	/**
	 * What the refusals name besides the error: the protected resource metadata URL
	 * ({@code resource_metadata} of every challenge, RFC 9728 section 5.1), and the
	 * authorization server to ask ({@code issuer}, {@code approval_endpoint} of the
	 * bodies that send the client there). Unset, they name none.
	 * @param resourceMetadata the metadata URL, or {@code null}
	 * @param issuer the Countersign issuer, or {@code null}
	 * @param approvalEndpoint its approval endpoint, or {@code null}
	 */
	public void setChallengeParameters(@Nullable String resourceMetadata, @Nullable String issuer,
			@Nullable String approvalEndpoint) {
		this.problems = new ActionProblems(resourceMetadata, issuer, approvalEndpoint);
	}

	/**
	 * Where {@link ActionCheckEvent}s go.
	 * @param events the publisher
	 */
	public void setEventPublisher(ApplicationEventPublisher events) {
		Assert.notNull(events, "events cannot be null");
		this.events = events;
	}

	/**
	 * Where denials go as {@code AuthorizationDeniedEvent}s; by default nowhere.
	 * @param authorizationEvents the publisher
	 */
	public void setAuthorizationEventPublisher(AuthorizationEventPublisher authorizationEvents) {
		Assert.notNull(authorizationEvents, "authorizationEvents cannot be null");
		this.authorizationEvents = authorizationEvents;
	}

	/**
	 * The decision of {@code grant} routes ({@link ActionGrantAuthorizationManager}).
	 * @param grants the authorization manager
	 */
	public void setGrantAuthorizationManager(AuthorizationManager<RequestAuthorizationContext> grants) {
		Assert.notNull(grants, "grants cannot be null");
		this.grants = grants;
	}

	/**
	 * See {@link ActionTokenAuthenticationProvider#setBaseTokenClaims}.
	 * @param subjectClaim the claim naming the user
	 * @param clientClaim the claim naming the client, or {@code null}
	 */
	public void setBaseTokenClaims(String subjectClaim, @Nullable String clientClaim) {
		this.actionTokens.setBaseTokenClaims(subjectClaim, clientClaim);
		this.subjectClaim = subjectClaim;
	}

	/**
	 * Answers a {@code jit} request without approval, whose agent sends
	 * {@code Accept-Txn-Challenge: ?1}, with a signed transaction authorization challenge
	 * (draft-rosomakho-oauth-txn-challenge-00) instead of {@code 403 approval_required}.
	 * Unset, no challenge is issued.
	 * @param challenges signs the challenges
	 */
	public void setTransactionChallengeIssuer(TransactionChallengeIssuer challenges) {
		Assert.notNull(challenges, "challenges cannot be null");
		this.challenges = challenges;
	}

	/**
	 * Where the action token is found; by default the {@code Action-Token} header.
	 * @param actionTokenResolver the resolver
	 */
	public void setActionTokenResolver(ActionTokenResolver actionTokenResolver) {
		Assert.notNull(actionTokenResolver, "actionTokenResolver cannot be null");
		this.actionTokenResolver = actionTokenResolver;
	}

	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		Assert.notNull(securityContextHolderStrategy, "securityContextHolderStrategy cannot be null");
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	/**
	 * The writer of the refusals' problems, for the chain's default handlers.
	 * @return the writer
	 */
	ActionProblems problems() {
		return this.problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ActionBindingResolver.Resolved resolved = this.bindings.resolve(request);
		request.setAttribute(CHECKED_ATTRIBUTE, Boolean.TRUE);
		Authentication authentication = this.securityContextHolderStrategy.getContext().getAuthentication();
		String transactionType = transactionType(authentication);
		if (resolved == null) {
			if (transactionType != null) {
				// a transaction access token grants one jit call of its type, nothing
				// else
				request.setAttribute(REFUSED_ATTRIBUTE, INSUFFICIENT_SCOPE);
				throw new ActionAccessDeniedException(INSUFFICIENT_SCOPE, transactionElsewhere(transactionType), null);
			}
			chain.doFilter(request, response);
			return;
		}
		ActionCheck check = new ActionCheck(request, resolved.binding(), this.events, this.authorizationEvents);
		if (!(authentication instanceof JwtAuthenticationToken base)) {
			check.refused(null, "invalid_token", NO_BEARER_TOKEN, null, null);
			throw new InsufficientAuthenticationException(NO_BEARER_TOKEN);
		}
		if (transactionType != null && (resolved.binding().mode() != ActionMode.JIT
				|| !transactionType.equals(resolved.binding().type()))) {
			throw check.denied(base, INSUFFICIENT_SCOPE, transactionElsewhere(transactionType), null, null, null);
		}
		ActionRequest bound;
		String jti = null;
		try {
			bound = ActionRequest.read(request, resolved, this.schemas, this.jsonMediaTypes, this.maxBodySize);
			if (resolved.binding().mode() == ActionMode.JIT) {
				if (transactionType == null && this.challenges != null && acceptsChallenge(request)
						&& this.actionTokenResolver.resolve(request) == null) {
					challenge(check, base, bound, response, this.challenges);
					return;
				}
				jti = (transactionType != null) ? checkTransactionToken(check, base, bound)
						: checkActionToken(check, base, bound);
			}
			else {
				checkGrant(check, base, bound, resolved.pathVariables());
			}
		}
		catch (BadActionRequestException ex) {
			answer(check, base, response, ex.getStatus(), "invalid_request", Messages.of(ex));
			return;
		}
		catch (AuthenticationServiceException ex) {
			this.logger.warn("Replay store unavailable, request refused: " + ex.getMessage());
			answer(check, base, response, HttpStatus.SERVICE_UNAVAILABLE, ActionProblems.TEMPORARILY_UNAVAILABLE,
					"the action token cannot be checked for replay now; try again");
			return;
		}
		catch (ActionTypeSchemasUnavailableException ex) {
			this.logger.warn("Action catalog unavailable, request refused: " + ex.getMessage());
			answer(check, base, response, HttpStatus.SERVICE_UNAVAILABLE, ActionProblems.TEMPORARILY_UNAVAILABLE,
					"the action catalog cannot be read now; try again");
			return;
		}
		catch (RequestValues.BindingMismatchException ex) {
			this.logger
				.error("Route bound to " + resolved.binding().type() + " does not fit the catalog: " + ex.getMessage());
			answer(check, base, response, HttpStatus.INTERNAL_SERVER_ERROR, "server_error", Messages.of(ex));
			return;
		}
		check.accepted(base.getToken().getSubject(), jti);
		chain.doFilter(bound.request(), response);
	}

	private String checkActionToken(ActionCheck check, JwtAuthenticationToken base, ActionRequest bound) {
		String actionToken = this.actionTokenResolver.resolve(check.request());
		if (actionToken == null) {
			throw check.denied(base, ActionProblems.APPROVAL_REQUIRED,
					"this request needs an approved action token for " + bound.binding().type(), bound.needed(), null,
					null);
		}
		try {
			ActionTokenAuthenticationToken checked = this.actionTokens
				.authenticate(new ActionTokenAuthenticationToken(actionToken, base, bound));
			VerifiedActionToken verified = Objects.requireNonNull(checked.getVerified());
			return verified.jti();
		}
		catch (InvalidActionTokenException ex) {
			throw check.denied(base, ActionProblems.INVALID_ACTION_TOKEN, ex.getCheck() + ": " + ex.getMessage(), null,
					ex.getJti(), ex.getCheck());
		}
	}

	/**
	 * Whether the request says its agent takes transaction authorization challenges:
	 * {@code Accept-Txn-Challenge} given once, an RFC 9651 Boolean item {@code ?1},
	 * parameters ignored (draft-rosomakho-oauth-txn-challenge-00 section 3.1). Any other
	 * value, or the field given twice (a List), is as if absent.
	 * @param request the request
	 * @return {@code true} for {@code ?1}
	 */
	static boolean acceptsChallenge(HttpServletRequest request) {
		java.util.Enumeration<String> values = request.getHeaders(ACCEPT_TXN_CHALLENGE);
		if (values == null || !values.hasMoreElements()) {
			return false;
		}
		String value = values.nextElement();
		if (values.hasMoreElements() || value.indexOf(',') >= 0) {
			return false;
		}
		String item = value.strip();
		int parameters = item.indexOf(';');
		String bare = ((parameters >= 0) ? item.substring(0, parameters) : item).strip();
		return "?1".equals(bare);
	}

	private void challenge(ActionCheck check, JwtAuthenticationToken base, ActionRequest bound,
			HttpServletResponse response, TransactionChallengeIssuer challenges) throws IOException {
		String type = bound.binding().type();
		String described = (bound.schema().description() != null) ? bound.schema().description() : type;
		String reason = "Approval is required for this call: " + described;
		String subject = java.util.Objects.requireNonNullElse(base.getToken().getClaimAsString(this.subjectClaim), "");
		String challenge = challenges.challenge(subject, base.getToken().getClaimAsString("iss"), bound.needed(),
				reason);
		String description = "this request needs a transaction authorization for " + type;
		check.refused(base.getToken().getSubject(), TRANSACTION_AUTHORIZATION_REQUIRED, description, null, null);
		this.problems.writeChallenge(response, challenge, description, bound.needed());
	}

	private String checkTransactionToken(ActionCheck check, JwtAuthenticationToken base, ActionRequest bound) {
		if (this.actionTokenResolver.resolve(check.request()) != null) {
			throw check.denied(base, ActionProblems.INVALID_ACTION_TOKEN,
					"typ: a transaction access token stands alone; send no action token with it", null, null, "typ");
		}
		try {
			return this.actionTokens.authenticateTransaction(base, bound).jti();
		}
		catch (InvalidActionTokenException ex) {
			throw check.denied(base, ActionProblems.INVALID_ACTION_TOKEN, ex.getCheck() + ": " + ex.getMessage(), null,
					ex.getJti(), ex.getCheck());
		}
	}

	/**
	 * The action type a transaction access token approves.
	 * @param authentication the bearer token's authentication
	 * @return the type of its one entry (or {@code ""} when it has none readable), or
	 * {@code null} for any other token
	 */
	private static @Nullable String transactionType(@Nullable Authentication authentication) {
		if (!(authentication instanceof JwtAuthenticationToken bearer)
				|| !bearer.getToken().hasClaim(ClaimNames.TRANSACTION)) {
			return null;
		}
		Object details = bearer.getToken().getClaim(ClaimNames.AUTHORIZATION_DETAILS);
		if (details instanceof List<?> entries && entries.size() == 1 && entries.get(0) instanceof Map<?, ?> entry
				&& entry.get(AuthorizationDetail.TYPE) instanceof String type) {
			return type;
		}
		return "";
	}

	private static String transactionElsewhere(String type) {
		return "a transaction access token is accepted only on a jit route of its own type ("
				+ (type.isEmpty() ? "none" : type) + ")";
	}

	private void checkGrant(ActionCheck check, JwtAuthenticationToken base, ActionRequest bound,
			Map<String, String> pathVariables) {
		check.request().setAttribute(ActionRequest.ATTRIBUTE, bound);
		RequestAuthorizationContext context = new RequestAuthorizationContext(bound.request(), pathVariables);
		AuthorizationResult result = this.grants.authorize(() -> base, context);
		check.request().removeAttribute(ActionRequest.ATTRIBUTE);
		if (result == null || !result.isGranted()) {
			throw check.denied(base, ActionProblems.INSUFFICIENT_AUTHORIZATION,
					"no granted " + bound.binding().type() + " admits this request", bound.needed(), null, null);
		}
	}

	private void answer(ActionCheck check, JwtAuthenticationToken base, HttpServletResponse response, HttpStatus status,
			String error, String description) throws IOException {
		check.refused(base.getToken().getSubject(), error, description, null, null);
		this.problems.write(response, status, error, description, null);
	}

}
