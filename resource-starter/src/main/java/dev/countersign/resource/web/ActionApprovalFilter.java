package dev.countersign.resource.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.AccessTokenHash;
import dev.countersign.core.AuthorizationDetail;
import dev.countersign.core.ClaimNames;
import dev.countersign.core.StrictJson;
import dev.countersign.resource.replay.ReplayStore;
import dev.countersign.resource.replay.ReplayStoreUnavailableException;
import dev.countersign.resource.validation.ActionTokenException;
import dev.countersign.resource.validation.ActionTokenVerifier;
import dev.countersign.resource.validation.ParameterMatching;
import dev.countersign.resource.validation.VerifiedActionToken;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.Assert;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Checks every request of a bound route before the controller runs; unbound routes pass
 * untouched. Registered right after Spring Security's filter chain, so the bearer token is
 * authenticated and URL authorization has passed: a token is never spent on a request that the
 * chain refuses.
 * <ul>
 * <li>{@code jit} routes: the {@code Action-Token} header must hold an action token whose
 * signature, {@code typ}, {@code iss}, {@code aud} and lifetime verify
 * ({@link ActionTokenVerifier}), whose {@code sub} and {@code client_id} are the base token's, whose
 * {@code ath} is the hash of the base token, whose type is the route's, whose every approved
 * parameter equals the request's (canonically) and whose {@code fields}, when given, hold every
 * body member; then, last, its {@code jti} is marked used in the {@link ReplayStore}.</li>
 * <li>{@code grant} routes: some entry of the base token's {@code authorization_details} of the
 * route's type must admit the request.</li>
 * </ul>
 * The body is read once (JSON with a repeated member refused) and handed on unchanged.
 */
public final class ActionApprovalFilter extends OncePerRequestFilter {

	/** The header carrying the action token. */
	public static final String ACTION_TOKEN_HEADER = "Action-Token";

	private final ActionBindingResolver bindings;

	private final ActionTokenVerifier verifier;

	private final ReplayStore replayStore;

	private int maxBodySize = 64 * 1024;

	private ApplicationEventPublisher events = (event) -> {
	};

	public ActionApprovalFilter(ActionBindingResolver bindings, ActionTokenVerifier verifier, ReplayStore replayStore) {
		Assert.notNull(bindings, "bindings cannot be null");
		Assert.notNull(verifier, "verifier cannot be null");
		Assert.notNull(replayStore, "replayStore cannot be null");
		this.bindings = bindings;
		this.verifier = verifier;
		this.replayStore = replayStore;
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
					duration, refusal.error(), refusal.description()));
			ActionProblems.write(response, refusal.status(), refusal.error(), refusal.description(), refusal.details());
			return;
		}
		this.events.publishEvent(
				new ActionCheckEvent.Accepted(request, binding.type(), binding.mode(), subject, duration, checked.jti()));
		chain.doFilter(checked.request(), response);
	}

	private Checked check(HttpServletRequest request, @Nullable Jwt base, ActionBindingResolver.Resolved resolved)
			throws IOException {
		ActionBinding binding = resolved.binding();
		if (base == null) {
			return Checked.refused(new Refusal(HttpStatus.UNAUTHORIZED, "invalid_token",
					"this route needs a bearer access token", null));
		}
		try {
			HttpServletRequest next = request;
			JsonNode json = null;
			byte[] body = readBody(request);
			if (body != null) {
				next = new CachedBodyRequest(request, body);
				json = isJson(request) ? json(body) : null;
			}
			MultiValueMap<String, String> form = (body != null && isForm(request)) ? form(body) : null;
			Map<String, Object> values = RequestValues.extract(binding, resolved.pathVariables(), request, json, form);
			if (binding.mode() == ActionMode.JIT) {
				List<String> headers = Collections.list(request.getHeaders(ACTION_TOKEN_HEADER));
				if (headers.isEmpty()) {
					return Checked.refused(new Refusal(HttpStatus.FORBIDDEN, ActionProblems.APPROVAL_REQUIRED,
							"this request needs an approved action token for " + binding.type(), needed(binding, values)));
				}
				if (headers.size() > 1) {
					throw new BadActionRequestException(ACTION_TOKEN_HEADER + " is given " + headers.size() + " times");
				}
				return Checked.accepted(next, checkActionToken(headers.get(0), base, binding, values, json));
			}
			if (!grantAdmits(base, binding, values, json)) {
				return Checked.refused(new Refusal(HttpStatus.FORBIDDEN, ActionProblems.INSUFFICIENT_AUTHORIZATION,
						"no granted " + binding.type() + " admits this request", needed(binding, values)));
			}
			return Checked.accepted(next, null);
		}
		catch (BadActionRequestException ex) {
			return Checked.refused(new Refusal(HttpStatus.BAD_REQUEST, "invalid_request", ex.getMessage(), null));
		}
		catch (BodyTooLargeException ex) {
			return Checked.refused(new Refusal(HttpStatus.CONTENT_TOO_LARGE, "invalid_request", ex.getMessage(), null));
		}
		catch (ActionTokenException ex) {
			return Checked.refused(new Refusal(HttpStatus.FORBIDDEN, ActionProblems.INVALID_ACTION_TOKEN,
					ex.getCheck() + ": " + ex.getMessage(), null));
		}
		catch (ReplayStoreUnavailableException ex) {
			this.logger.warn("Replay store unavailable, request refused: " + ex.getMessage());
			return Checked.refused(new Refusal(HttpStatus.SERVICE_UNAVAILABLE, ActionProblems.TEMPORARILY_UNAVAILABLE,
					"the action token cannot be checked for replay now; try again", null));
		}
	}

	private String checkActionToken(String actionToken, Jwt base, ActionBinding binding, Map<String, Object> values,
			@Nullable JsonNode json) {
		VerifiedActionToken token = this.verifier.verify(actionToken);
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
			throw new ActionTokenException("type", "the token approves " + token.type() + ", this route is " + binding.type());
		}
		for (Map.Entry<String, JsonNode> approved : token.parameters().entrySet()) {
			Object requested = values.get(approved.getKey());
			if (requested == null || !ParameterMatching.equal(approved.getValue(), requested)) {
				throw new ActionTokenException("parameters",
						"parameter '" + approved.getKey() + "' differs from the approved value");
			}
		}
		for (String name : values.keySet()) {
			if (!token.parameters().containsKey(name)) {
				throw new ActionTokenException("parameters", "parameter '" + name + "' was not approved");
			}
		}
		if (token.fields() != null && !fieldsAllowed(json, token.fields())) {
			throw new ActionTokenException("fields", "the body sets members outside the approved fields");
		}
		// last: a token is spent only by a request that passed every other check
		if (!this.replayStore.markUsed(token.jti(), token.expiresAt().plus(this.verifier.getClockSkew()))) {
			throw new ActionTokenException("jti", "the action token was already used");
		}
		return token.jti();
	}

	private boolean grantAdmits(Jwt base, ActionBinding binding, Map<String, Object> values, @Nullable JsonNode json) {
		for (JsonNode entry : grantedDetails(base)) {
			JsonNode type = entry.get(AuthorizationDetail.TYPE);
			if (type == null || !type.isString() || !type.asString().equals(binding.type())) {
				continue;
			}
			if (admits(entry, binding, values, json)) {
				return true;
			}
		}
		return false;
	}

	private static boolean admits(JsonNode entry, ActionBinding binding, Map<String, Object> values,
			@Nullable JsonNode json) {
		JsonNode constraints = entry.get(AuthorizationDetail.PARAMETERS);
		if (constraints == null || !constraints.isObject()) {
			return false;
		}
		for (String name : binding.parameters().keySet()) {
			JsonNode constraint = constraints.get(name);
			Object requested = values.get(name);
			if (constraint == null || requested == null || !ParameterMatching.admits(constraint, requested)) {
				return false;
			}
		}
		JsonNode fields = entry.get(AuthorizationDetail.FIELDS);
		if (fields != null) {
			List<String> allowed = new ArrayList<>();
			fields.forEach((field) -> allowed.add(field.asString()));
			return fieldsAllowed(json, allowed);
		}
		return true;
	}

	/**
	 * The base token's granted {@code authorization_details}, read again from the signed payload
	 * so decimals keep their exact value; from the decoded claims when the token's text is no JWS
	 * the filter can read.
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

	private static boolean fieldsAllowed(@Nullable JsonNode json, List<String> fields) {
		if (json == null) {
			return true;
		}
		if (!json.isObject()) {
			return false;
		}
		for (Iterator<String> names = json.propertyNames().iterator(); names.hasNext();) {
			if (!fields.contains(names.next())) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The {@code authorization_details} this request needs, so a client can post them to
	 * {@code POST /approvals} unchanged.
	 */
	private static List<Map<String, Object>> needed(ActionBinding binding, Map<String, Object> values) {
		Map<String, Object> parameters = new LinkedHashMap<>(values);
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put(AuthorizationDetail.TYPE, binding.type());
		detail.put(AuthorizationDetail.PARAMETERS, parameters);
		return List.of(detail);
	}

	private @Nullable byte[] readBody(HttpServletRequest request) throws IOException {
		if (!isJson(request) && !isForm(request)) {
			return null;
		}
		if (request.getContentLengthLong() > this.maxBodySize) {
			throw new BodyTooLargeException("the body must be at most " + this.maxBodySize + " bytes");
		}
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes(this.maxBodySize + 1);
			if (body.length > this.maxBodySize) {
				throw new BodyTooLargeException("the body must be at most " + this.maxBodySize + " bytes");
			}
			return body;
		}
	}

	private static @Nullable JsonNode json(byte[] body) {
		if (body.length == 0) {
			return null;
		}
		try {
			return StrictJson.read(body);
		}
		catch (IllegalArgumentException ex) {
			throw new BadActionRequestException(ex.getMessage());
		}
	}

	private static MultiValueMap<String, String> form(byte[] body) {
		MultiValueMap<String, String> encoded = UriComponentsBuilder.newInstance()
			.query(new String(body, StandardCharsets.ISO_8859_1))
			.build(false)
			.getQueryParams();
		MultiValueMap<String, String> decoded = new LinkedMultiValueMap<>();
		encoded.forEach((name, list) -> list.forEach((value) -> decoded.add(
				java.net.URLDecoder.decode(name, StandardCharsets.UTF_8),
				(value != null) ? java.net.URLDecoder.decode(value, StandardCharsets.UTF_8) : "")));
		return decoded;
	}

	private static boolean isJson(HttpServletRequest request) {
		return matches(request, MediaType.APPLICATION_JSON);
	}

	private static boolean isForm(HttpServletRequest request) {
		return matches(request, MediaType.APPLICATION_FORM_URLENCODED);
	}

	private static boolean matches(HttpServletRequest request, MediaType type) {
		String contentType = request.getContentType();
		try {
			return contentType != null && type.isCompatibleWith(MediaType.parseMediaType(contentType));
		}
		catch (org.springframework.http.InvalidMediaTypeException ex) {
			return false;
		}
	}

	private record Refusal(HttpStatus status, String error, String description,
			@Nullable List<Map<String, Object>> details) {
	}

	private record Checked(HttpServletRequest request, @Nullable String jti, @Nullable Refusal refusal) {

		static Checked accepted(HttpServletRequest request, @Nullable String jti) {
			return new Checked(request, jti, null);
		}

		static Checked refused(Refusal refusal) {
			return new Checked(null, null, refusal);
		}

	}

	private static final class BodyTooLargeException extends RuntimeException {

		BodyTooLargeException(String message) {
			super(message);
		}

	}

}
