package dev.countersign.resource.web;

import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.AccessTokenHash;
import dev.countersign.core.ActionTypeSchema;
import dev.countersign.core.AuthorizationDetail;
import dev.countersign.core.ClaimNames;
import dev.countersign.core.Messages;
import dev.countersign.core.ParameterSchema;
import dev.countersign.core.StrictJson;
import dev.countersign.resource.replay.ReplayStore;
import dev.countersign.resource.replay.ReplayStoreUnavailableException;
import dev.countersign.resource.validation.ActionTokenException;
import dev.countersign.resource.validation.ActionTokenVerifier;
import dev.countersign.resource.validation.ActionTypeSchemas;
import dev.countersign.resource.validation.ActionTypeSchemasUnavailableException;
import dev.countersign.resource.validation.ParameterMatching;
import dev.countersign.resource.validation.VerifiedActionToken;

/**
 * Checks every request of a bound route before the controller runs; unbound routes pass
 * untouched. Registered right after Spring Security's filter chain, so the bearer token
 * is authenticated and URL authorization has passed: a token is never spent on a request
 * that the chain refuses.
 * <ul>
 * <li>{@code jit} routes: the {@code Action-Token} header must hold an action token whose
 * signature, {@code typ}, {@code iss}, {@code aud} and lifetime verify
 * ({@link ActionTokenVerifier}), whose {@code sub} and {@code client_id} are the base
 * token's, whose {@code ath} is the hash of the base token, whose type is the route's,
 * whose every approved parameter equals the request's (canonically) and whose
 * {@code fields}, when given, hold every body member; then, last, its {@code jti} is
 * marked used in the {@link ReplayStore}.</li>
 * <li>{@code grant} routes: some entry of the base token's {@code authorization_details}
 * of the route's type must admit the request.</li>
 * </ul>
 * Before either, every bound value is read where the controller reads it and checked
 * against the authorization server's catalog ({@link ActionTypeSchemas}): its type, text
 * form, NFC, length, pattern and limits, so nothing outside the catalog is matched,
 * echoed or handed on. The body is read once ({@link BoundRequestBody}: JSON with a
 * repeated member refused, any body the filter does not parse refused) and handed on
 * unchanged.
 */
public final class ActionApprovalFilter extends OncePerRequestFilter {

	/** The header carrying the action token. */
	public static final String ACTION_TOKEN_HEADER = "Action-Token";

	private final ActionBindingResolver bindings;

	private final ActionTokenVerifier verifier;

	private final ReplayStore replayStore;

	private final ActionTypeSchemas schemas;

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
		this.verifier = verifier;
		this.replayStore = replayStore;
		this.schemas = schemas;
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

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ActionBindingResolver.Resolved resolved = this.bindings.resolve(request);
		if (resolved == null) {
			chain.doFilter(request, response);
			return;
		}
		long start = System.nanoTime();
		ActionBinding binding = resolved.binding();
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		Jwt base = (authentication instanceof JwtAuthenticationToken bearer) ? bearer.getToken() : null;
		Checked checked = check(request, base, resolved);
		Duration duration = Duration.ofNanos(System.nanoTime() - start);
		String subject = (base != null) ? base.getSubject() : null;
		if (checked.refusal() != null) {
			Refusal refusal = checked.refusal();
			this.events.publishEvent(new ActionCheckEvent.Refused(request, binding.type(), binding.mode(), subject,
					duration, refusal.error(), refusal.description(), refusal.jti(), refusal.check()));
			this.problems.write(response, refusal.status(), refusal.error(), refusal.description(), refusal.details());
			return;
		}
		this.events.publishEvent(new ActionCheckEvent.Accepted(request, binding.type(), binding.mode(), subject,
				duration, checked.jti()));
		HttpServletRequest next = checked.request();
		chain.doFilter((next != null) ? next : request, response);
	}

	private Checked check(HttpServletRequest request, @Nullable Jwt base, ActionBindingResolver.Resolved resolved)
			throws IOException {
		ActionBinding binding = resolved.binding();
		if (base == null) {
			return Checked.refused(new Refusal(HttpStatus.UNAUTHORIZED, "invalid_token",
					"this route needs a bearer access token", null));
		}
		try {
			ActionTypeSchema schema = this.schemas.find(binding.type());
			if (schema == null) {
				throw new RequestValues.BindingMismatchException("the route is bound to " + binding.type()
						+ ", which the authorization server's catalog does not list");
			}
			BoundRequestBody body = BoundRequestBody.read(request, this.jsonMediaTypes, this.maxBodySize);
			Map<String, Object> values = RequestValues.extract(binding, schema, resolved.pathVariables(),
					body.request(), body.json());
			if (binding.mode() == ActionMode.JIT) {
				List<String> headers = Collections.list(request.getHeaders(ACTION_TOKEN_HEADER));
				if (headers.isEmpty()) {
					return Checked.refused(new Refusal(HttpStatus.FORBIDDEN, ActionProblems.APPROVAL_REQUIRED,
							"this request needs an approved action token for " + binding.type(),
							needed(binding, values)));
				}
				if (headers.size() > 1) {
					throw new BadActionRequestException(ACTION_TOKEN_HEADER + " is given " + headers.size() + " times");
				}
				return Checked.accepted(body.request(),
						checkActionToken(headers.get(0), base, binding, schema, values, body));
			}
			if (!grantAdmits(base, binding, schema, values, body)) {
				return Checked.refused(new Refusal(HttpStatus.FORBIDDEN, ActionProblems.INSUFFICIENT_AUTHORIZATION,
						"no granted " + binding.type() + " admits this request", needed(binding, values)));
			}
			return Checked.accepted(body.request(), null);
		}
		catch (BadActionRequestException ex) {
			return Checked.refused(new Refusal(ex.getStatus(), "invalid_request", Messages.of(ex), null));
		}
		catch (ActionTokenException ex) {
			return Checked.refused(new Refusal(HttpStatus.FORBIDDEN, ActionProblems.INVALID_ACTION_TOKEN,
					ex.getCheck() + ": " + ex.getMessage(), null, ex.getJti(), ex.getCheck()));
		}
		catch (ReplayStoreUnavailableException ex) {
			this.logger.warn("Replay store unavailable, request refused: " + ex.getMessage());
			return Checked.refused(new Refusal(HttpStatus.SERVICE_UNAVAILABLE, ActionProblems.TEMPORARILY_UNAVAILABLE,
					"the action token cannot be checked for replay now; try again", null));
		}
		catch (ActionTypeSchemasUnavailableException ex) {
			this.logger.warn("Action catalog unavailable, request refused: " + ex.getMessage());
			return Checked.refused(new Refusal(HttpStatus.SERVICE_UNAVAILABLE, ActionProblems.TEMPORARILY_UNAVAILABLE,
					"the action catalog cannot be read now; try again", null));
		}
		catch (RequestValues.BindingMismatchException ex) {
			this.logger.error("Route bound to " + binding.type() + " does not fit the catalog: " + ex.getMessage());
			return Checked
				.refused(new Refusal(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", Messages.of(ex), null));
		}
	}

	private String checkActionToken(String actionToken, Jwt base, ActionBinding binding, ActionTypeSchema schema,
			Map<String, Object> values, BoundRequestBody body) {
		VerifiedActionToken token = this.verifier.verify(actionToken);
		try {
			checkVerified(token, base, binding, schema, values, body);
			// last: a token is spent only by a request that passed every other check
			if (!this.replayStore.markUsed(token.jti(), token.expiresAt().plus(this.verifier.getClockSkew()))) {
				throw new ActionTokenException("jti", "the action token was already used");
			}
		}
		catch (ActionTokenException ex) {
			throw new ActionTokenException(ex.getCheck(), Messages.of(ex), token.jti());
		}
		return token.jti();
	}

	/**
	 * The checks of a token whose signature, issuer, audience and lifetime verified: it
	 * is bound to this base token and approves exactly this request.
	 */
	private static void checkVerified(VerifiedActionToken token, Jwt base, ActionBinding binding,
			ActionTypeSchema schema, Map<String, Object> values, BoundRequestBody body) {
		if (!token.subject().equals(base.getSubject())) {
			throw new ActionTokenException("sub", "sub differs from the base token's");
		}
		if (!token.clientId().equals(base.getClaimAsString(ClaimNames.CLIENT_ID))) {
			throw new ActionTokenException("client_id", "client_id differs from the base token's");
		}
		if (!token.accessTokenHash().equals(AccessTokenHash.of(base.getTokenValue()))) {
			throw new ActionTokenException("ath", "ath is not the hash of this base token");
		}
		if (!token.type().equals(binding.type())) {
			throw new ActionTokenException("type",
					"the token approves " + token.type() + ", this route is " + binding.type());
		}
		for (Map.Entry<String, JsonNode> approved : token.parameters().entrySet()) {
			ParameterSchema parameter = schema.parameters().get(approved.getKey());
			Object requested = values.get(approved.getKey());
			if (parameter == null || requested == null
					|| !ParameterMatching.equal(parameter, approved.getValue(), requested)) {
				throw new ActionTokenException("parameters",
						"parameter '" + approved.getKey() + "' differs from the approved value");
			}
		}
		for (String name : values.keySet()) {
			if (!token.parameters().containsKey(name)) {
				throw new ActionTokenException("parameters", "parameter '" + name + "' was not approved");
			}
		}
		if (token.fields() != null && !fieldsAllowed(body, token.fields())) {
			throw new ActionTokenException("fields", "the body sets members outside the approved fields");
		}
	}

	private boolean grantAdmits(Jwt base, ActionBinding binding, ActionTypeSchema schema, Map<String, Object> values,
			BoundRequestBody body) {
		for (JsonNode entry : grantedDetails(base)) {
			JsonNode type = entry.get(AuthorizationDetail.TYPE);
			if (type == null || !type.isString() || !type.asString().equals(binding.type())) {
				continue;
			}
			if (admits(entry, binding, schema, values, body)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether one granted entry admits the request: every bound parameter has a
	 * constraint that admits the request's value, the entry constrains no parameter the
	 * route cannot check, and the body stays within the entry's {@code fields}.
	 */
	private static boolean admits(JsonNode entry, ActionBinding binding, ActionTypeSchema schema,
			Map<String, Object> values, BoundRequestBody body) {
		JsonNode constraints = entry.get(AuthorizationDetail.PARAMETERS);
		if (constraints == null || !constraints.isObject()) {
			return false;
		}
		for (String constrained : constraints.propertyNames()) {
			if (!binding.parameters().containsKey(constrained)) {
				return false;
			}
		}
		for (String name : binding.parameters().keySet()) {
			JsonNode constraint = constraints.get(name);
			Object requested = values.get(name);
			ParameterSchema parameter = schema.parameters().get(name);
			if (constraint == null || requested == null || parameter == null
					|| !ParameterMatching.admits(parameter, constraint, requested)) {
				return false;
			}
		}
		List<String> allowed = AuthorizationDetail.fieldsOf(entry);
		return (allowed == null) || fieldsAllowed(body, allowed);
	}

	/**
	 * The base token's granted {@code authorization_details}, read again from the signed
	 * payload so decimals keep their exact value; from the decoded claims when the
	 * token's text is no JWS the filter can read.
	 */
	private static List<JsonNode> grantedDetails(Jwt base) {
		JsonNode details;
		try {
			details = StrictJson.read(SignedJWT.parse(base.getTokenValue()).getPayload().toString())
				.get(ClaimNames.AUTHORIZATION_DETAILS);
		}
		catch (ParseException | IllegalArgumentException ex) {
			Object claim = base.getClaim(ClaimNames.AUTHORIZATION_DETAILS);
			details = (claim != null) ? StrictJson.toTree(claim) : null;
		}
		List<JsonNode> entries = new ArrayList<>();
		if (details != null && details.isArray()) {
			details.forEach(entries::add);
		}
		return entries;
	}

	/**
	 * Whether the body sets only allowed members: no body, or a JSON object whose members
	 * are all in {@code fields}. A form body cannot be limited to fields and is refused.
	 */
	private static boolean fieldsAllowed(BoundRequestBody body, List<String> fields) {
		if (body.form()) {
			return false;
		}
		JsonNode json = body.json();
		if (json == null) {
			return true;
		}
		if (!json.isObject()) {
			return false;
		}
		for (String name : json.propertyNames()) {
			if (!fields.contains(name)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The {@code authorization_details} this request needs, so a client can post them to
	 * {@code POST /approvals} unchanged: the request's values in canonical form, each
	 * already within the catalog's limits.
	 */
	private static List<Map<String, Object>> needed(ActionBinding binding, Map<String, Object> values) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put(AuthorizationDetail.TYPE, binding.type());
		detail.put(AuthorizationDetail.PARAMETERS, new LinkedHashMap<>(values));
		return List.of(detail);
	}

	private record Refusal(HttpStatus status, String error, String description,
			@Nullable List<Map<String, Object>> details, @Nullable String jti, @Nullable String check) {

		Refusal(HttpStatus status, String error, String description, @Nullable List<Map<String, Object>> details) {
			this(status, error, description, details, null, null);
		}

	}

	private record Checked(@Nullable HttpServletRequest request, @Nullable String jti, @Nullable Refusal refusal) {

		static Checked accepted(HttpServletRequest request, @Nullable String jti) {
			return new Checked(request, jti, null);
		}

		static Checked refused(Refusal refusal) {
			return new Checked(null, null, refusal);
		}

	}

}
