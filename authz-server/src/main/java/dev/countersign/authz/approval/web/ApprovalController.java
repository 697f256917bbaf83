package dev.countersign.authz.approval.web;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Contract;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ActionApprovalRepository.Consumption;
import dev.countersign.authz.approval.ActionApprovalService;
import dev.countersign.authz.approval.ApprovalException;
import dev.countersign.authz.approval.BaseToken;
import dev.countersign.authz.token.ClientMetadata;
import dev.countersign.core.BoundedBody;
import dev.countersign.core.Endpoints;
import dev.countersign.core.Messages;
import dev.countersign.core.ParameterType;
import dev.countersign.core.StrictJson;

/**
 * The approval REST API ({@code docs/protocol.md}, "Just-In-Time approval"). Every call
 * is authenticated by Spring Security's resource server: the base token for the client's
 * calls, a client-credentials token with scope {@code approvals.consume} for
 * {@code POST /approvals/consume}.
 */
@RestController
final class ApprovalController {

	/** The largest request body accepted. */
	static final int MAX_BODY = 16 * 1024;

	private final ActionApprovalService approvals;

	private final BaseTokenResolver baseTokens;

	private final IssuerResolver issuer;

	private final RegisteredClientRepository clients;

	private final java.time.Clock clock;

	ApprovalController(ActionApprovalService approvals, BaseTokenResolver baseTokens, IssuerResolver issuer,
			RegisteredClientRepository clients, java.time.Clock clock) {
		this.approvals = approvals;
		this.baseTokens = baseTokens;
		this.issuer = issuer;
		this.clients = clients;
		this.clock = clock;
	}

	@PostMapping(Endpoints.APPROVALS)
	ResponseEntity<Map<String, Object>> create(JwtAuthenticationToken authentication, HttpServletRequest request)
			throws IOException {
		BaseToken base = this.baseTokens.resolve(authentication);
		ActionApproval approval = this.approvals.create(base, jsonBody(request));
		String issuerUrl = this.issuer.resolve(request);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("approval_id", approval.id());
		body.put("status", approval.status().value());
		body.put("expires_in", secondsUntil(approval.expiresAt()));
		body.put("interval", this.approvals.interval().toSeconds());
		body.put("approval_uri", issuerUrl + "/approve/" + approval.id());
		body.put("user_code", approval.userCode());
		return ResponseEntity.created(URI.create(issuerUrl + Endpoints.APPROVALS + "/" + approval.id())).body(body);
	}

	@GetMapping(Endpoints.APPROVAL)
	Map<String, Object> status(@PathVariable String id, JwtAuthenticationToken authentication) {
		ActionApproval approval = this.approvals.status(id, this.baseTokens.resolve(authentication));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("approval_id", approval.id());
		body.put("status", approval.status().value());
		if (approval.status().isOpen()) {
			body.put("expires_in", secondsUntil(approval.expiresAt()));
		}
		body.put("authorization_details", java.util.List.of(approval.detail().toJsonObject()));
		return body;
	}

	@PostMapping(Endpoints.APPROVAL_TOKEN)
	Map<String, Object> token(@PathVariable String id, JwtAuthenticationToken authentication,
			HttpServletRequest request) {
		ActionApprovalService.MintedToken token = this.approvals.mint(id, this.baseTokens.resolve(authentication),
				this.issuer.resolve(request));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("action_token", token.value());
		body.put("token_type", "action");
		body.put("expires_in", token.lifetime().toSeconds());
		return body;
	}

	@PostMapping(Endpoints.CONSUME)
	Map<String, Object> consume(JwtAuthenticationToken authentication, HttpServletRequest request) throws IOException {
		JsonNode body = jsonObject(request);
		JsonNode jti = (body.size() == 1) ? body.get("jti") : null;
		if (jti == null || !jti.isString() || jti.asString().isBlank() || jti.asString().length() > 64) {
			throw new ApprovalException(HttpStatus.BAD_REQUEST, "invalid_request",
					"the body must be {\"jti\": \"...\"}");
		}
		RegisteredClient consumer = this.clients.findByClientId(authentication.getName());
		Set<String> served = (consumer != null) ? ClientMetadata.servedResources(consumer) : Set.of();
		Consumption consumption = this.approvals.consume(jti.asString(), authentication.getName(), served);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("jti", jti.asString());
		result.put("first_use", consumption == Consumption.FIRST_USE);
		if (consumption != Consumption.FIRST_USE) {
			result.put("reason", consumption.name().toLowerCase(java.util.Locale.ROOT));
		}
		return result;
	}

	/**
	 * A resource server reports an action token it refused after its signature verified;
	 * answered {@code 202} whether or not the token is one the caller may report on.
	 */
	@PostMapping(Endpoints.REJECTIONS)
	ResponseEntity<Void> rejection(JwtAuthenticationToken authentication, HttpServletRequest request)
			throws IOException {
		JsonNode body = jsonObject(request);
		JsonNode jti = (body.size() == 3) ? body.get("jti") : null;
		JsonNode check = (jti != null) ? body.get("check") : null;
		JsonNode description = (jti != null) ? body.get("description") : null;
		if (!text(jti, 64) || !text(check, 32) || !check.asString().matches("[a-z_]+") || !text(description, 200)) {
			throw new ApprovalException(HttpStatus.BAD_REQUEST, "invalid_request",
					"the body must be {\"jti\": \"...\", \"check\": \"...\", \"description\": \"...\"}, "
							+ "a check in lower-case letters, a description of at most 200 characters");
		}
		RegisteredClient reporter = this.clients.findByClientId(authentication.getName());
		this.approvals.reject(jti.asString(), authentication.getName(),
				(reporter != null) ? ClientMetadata.servedResources(reporter) : Set.of(), check.asString(),
				description.asString());
		return ResponseEntity.accepted().build();
	}

	@Contract("null, _ -> false")
	private static boolean text(@Nullable JsonNode value, int maxLength) {
		if (value == null || !value.isString() || value.asString().isBlank() || value.asString().length() > maxLength) {
			return false;
		}
		try {
			ParameterType.checkText(value.asString());
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private long secondsUntil(Instant instant) {
		return Math.max(0, Duration.between(this.clock.instant(), instant).toSeconds());
	}

	/**
	 * Reads a JSON object of at most {@link #MAX_BODY} bytes.
	 */
	private static JsonNode jsonObject(HttpServletRequest request) throws IOException {
		JsonNode body;
		try {
			body = StrictJson.read(jsonBody(request));
		}
		catch (IllegalArgumentException ex) {
			throw new ApprovalException(HttpStatus.BAD_REQUEST, "invalid_request", Messages.of(ex));
		}
		if (body == null || !body.isObject()) {
			throw new ApprovalException(HttpStatus.BAD_REQUEST, "invalid_request", "the body must be a JSON object");
		}
		return body;
	}

	/**
	 * Reads a JSON request body of at most {@link #MAX_BODY} bytes.
	 */
	private static byte[] jsonBody(HttpServletRequest request) throws IOException {
		if (!isJson(request.getContentType())) {
			throw new ApprovalException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request",
					"the body must be application/json");
		}
		try {
			return BoundedBody.read(request.getInputStream(), request.getContentLengthLong(), MAX_BODY);
		}
		catch (BoundedBody.TooLargeException ex) {
			throw tooLarge();
		}
	}

	private static boolean isJson(@Nullable String contentType) {
		try {
			return contentType != null
					&& MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(contentType));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private static ApprovalException tooLarge() {
		return new ApprovalException(HttpStatus.PAYLOAD_TOO_LARGE, "invalid_request",
				"the body must be at most " + MAX_BODY / 1024 + " KiB");
	}

}
