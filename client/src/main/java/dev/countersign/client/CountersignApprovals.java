package dev.countersign.client;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a refused call into an approved one: given the answer of a call that needs
 * approval, it asks the authorization server, prompts the user through the application's
 * {@link ApprovalPrompt}, waits for the decision (polling at the server's
 * {@code interval}, slower after {@code slow_down}, never longer than the approval's
 * lifetime or the configured wait) and returns the headers that make the repeated call
 * pass.
 * <ul>
 * <li>{@code 403 approval_required} (the starter's answer): {@code POST /approvals} with
 * the call's own base token and the {@code authorization_details} of the answer, then the
 * action token; the call is repeated with {@code Action-Token}.</li>
 * <li>the same answer, for a client that names the user by a {@code login_hint}
 * ({@link #setBackchannelLoginHints}): OpenID CIBA, polled at the token endpoint; the
 * call is repeated with the transaction access token as its bearer token.</li>
 * <li>{@code 401} with a {@code transaction_challenge}
 * (draft-rosomakho-oauth-txn-challenge-00), when client credentials are set: the
 * challenge is verified first (its {@code aud} this client's authorization server, not
 * expired, its signature by the keys of the resource's metadata), presented at the
 * transaction authorization endpoint, then polled; the call is repeated with the
 * transaction access token as its bearer token.</li>
 * </ul>
 * Blocking; an interrupt of the waiting thread cancels. Nothing here logs or keeps a
 * token.
 */
public final class CountersignApprovals {

	/** The header an agent that takes transaction authorization challenges sends. */
	public static final String ACCEPT_TXN_CHALLENGE = "Accept-Txn-Challenge";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern CHALLENGE = Pattern.compile("transaction_challenge=\"([^\"]+)\"");

	private static final Pattern RESOURCE_METADATA = Pattern.compile("resource_metadata=\"([^\"]+)\"");

	private final String issuer;

	private final ApprovalPrompt prompt;

	private final RestClient rest;

	private @Nullable String clientId;

	private @Nullable String clientSecret;

	private @Nullable String bindingMessage;

	private Duration maxWait = Duration.ofMinutes(5);

	private java.util.function.@Nullable Function<HttpHeaders, @Nullable String> loginHints;

	private Clock clock = Clock.systemUTC();

	private final Map<String, String> endpoints = new ConcurrentHashMap<>();

	/**
	 * Creates the approvals of one authorization server.
	 * @param issuer the Countersign issuer
	 * @param prompt what shows the user an approval
	 */
	public CountersignApprovals(String issuer, ApprovalPrompt prompt) {
		Assert.hasText(issuer, "issuer cannot be empty");
		Assert.notNull(prompt, "prompt cannot be null");
		this.issuer = issuer;
		this.prompt = prompt;
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(Duration.ofSeconds(5));
		requests.setReadTimeout(Duration.ofSeconds(30));
		this.rest = RestClient.builder().requestFactory(requests).build();
	}

	/**
	 * Sets the client's credentials at the authorization server
	 * ({@code client_secret_basic}): needed to present transaction authorization
	 * challenges; with them the calls announce {@code Accept-Txn-Challenge: ?1}.
	 * @param clientId the client id
	 * @param clientSecret the secret
	 */
	public void setClientCredentials(String clientId, String clientSecret) {
		Assert.hasText(clientId, "clientId cannot be empty");
		Assert.hasText(clientSecret, "clientSecret cannot be empty");
		this.clientId = clientId;
		this.clientSecret = clientSecret;
	}

	/**
	 * Asks through OpenID CIBA instead of {@code POST /approvals}, for a client with no
	 * base token of the user (an agent, a call centre): the user named by the hint
	 * approves from their inbox or a notification, and the call is repeated with the
	 * transaction access token. Needs client credentials.
	 * @param loginHints the {@code login_hint} (a user name, or {@code issuer#sub}) of a
	 * call, from its headers; {@code null} for a call to approve as usual
	 */
	public void setBackchannelLoginHints(java.util.function.Function<HttpHeaders, @Nullable String> loginHints) {
		Assert.notNull(loginHints, "loginHints cannot be null");
		this.loginHints = loginHints;
	}

	/**
	 * Sets the message shown to the user beside the number ({@code binding_message} of
	 * {@code POST /approvals}).
	 * @param bindingMessage the message, or {@code null} for none
	 */
	public void setBindingMessage(@Nullable String bindingMessage) {
		this.bindingMessage = bindingMessage;
	}

	/**
	 * Sets the longest wait for one decision; 5 minutes by default.
	 * @param maxWait the wait
	 */
	public void setMaxWait(Duration maxWait) {
		Assert.isTrue(!maxWait.isNegative() && !maxWait.isZero(), "maxWait must be positive");
		this.maxWait = maxWait;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Whether one call should announce that it takes transaction authorization
	 * challenges: with client credentials, unless it is approved through CIBA.
	 * @param requestHeaders the call's headers
	 * @return {@code true} to send {@code Accept-Txn-Challenge: ?1}
	 */
	public boolean acceptsChallenges(HttpHeaders requestHeaders) {
		return this.clientId != null && (this.loginHints == null || this.loginHints.apply(requestHeaders) == null);
	}

	/**
	 * The headers that make a refused call pass, after the user approved it.
	 * @param status the call's status
	 * @param responseHeaders the call's answer's headers
	 * @param responseBody the call's answer's body
	 * @param requestHeaders the call's own headers (its base token)
	 * @return the headers to set on the repeated call, or {@code null} when the answer
	 * asks for no approval
	 * @throws ApprovalException when the approval is denied, expires or is refused
	 */
	public @Nullable Map<String, String> approve(int status, HttpHeaders responseHeaders, byte[] responseBody,
			HttpHeaders requestHeaders) {
		if (status == 401 && this.clientId != null) {
			String authenticate = String.join(", ", responseHeaders.getOrEmpty(HttpHeaders.WWW_AUTHENTICATE));
			Matcher challenge = CHALLENGE.matcher(authenticate);
			if (authenticate.contains("transaction_authorization_required") && challenge.find()) {
				Matcher metadata = RESOURCE_METADATA.matcher(authenticate);
				String token = approveChallenge(challenge.group(1), metadata.find() ? metadata.group(1) : null);
				return Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + token);
			}
			return null;
		}
		if (status != 403 || responseBody.length == 0) {
			return null;
		}
		JsonNode problem;
		try {
			problem = JSON.readTree(responseBody);
		}
		catch (RuntimeException ex) {
			return null;
		}
		if (problem == null || !problem.isObject() || !"approval_required".equals(text(problem, "error"))) {
			return null;
		}
		String base = requestHeaders.getFirst(HttpHeaders.AUTHORIZATION);
		String endpoint = text(problem, "approval_endpoint");
		JsonNode details = problem.get("authorization_details");
		String loginHint = (this.loginHints != null && this.clientId != null) ? this.loginHints.apply(requestHeaders)
				: null;
		if (loginHint != null && details != null) {
			return Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + approveBackchannel(loginHint, details));
		}
		if (base == null || endpoint == null || details == null) {
			throw new ApprovalRefusedException("invalid_request",
					"the call needs approval, but names no approval_endpoint, or the call has no base token");
		}
		return Map.of("Action-Token", approveAction(URI.create(endpoint), base, details));
	}

	private String approveAction(URI endpoint, String base, JsonNode details) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("authorization_details", details);
		if (this.bindingMessage != null) {
			request.put("binding_message", this.bindingMessage);
		}
		Answer created = send(this.rest.post()
			.uri(endpoint)
			.header(HttpHeaders.AUTHORIZATION, base)
			.contentType(MediaType.APPLICATION_JSON)
			.body(JSON.writeValueAsString(request)));
		if (created.status() != 201) {
			throw refusal("POST /approvals", created);
		}
		String id = required(created.body(), "approval_id");
		URI token = URI.create(endpoint.toString().replaceAll("/$", "") + "/" + id + "/token");
		prompt(created.body(), "approval_uri", "approvals");
		JsonNode minted = poll(created.body(),
				() -> send(this.rest.post()
					.uri(token)
					.header(HttpHeaders.AUTHORIZATION, base)
					.contentType(MediaType.APPLICATION_JSON)
					.body("{}")));
		return required(minted, "action_token");
	}

	private String approveBackchannel(String loginHint, JsonNode details) {
		String endpoint = this.endpoints.computeIfAbsent("backchannel_authentication_endpoint", this::discover);
		String tokenEndpoint = this.endpoints.computeIfAbsent("token_endpoint", this::discover);
		String message = (this.bindingMessage != null) ? this.bindingMessage : "Approval requested";
		Answer asked = send(form(endpoint, Map.of("scope", "openid", "login_hint", loginHint, "binding_message",
				message, "authorization_details", JSON.writeValueAsString(details))));
		if (asked.status() != 200) {
			throw refusal("the backchannel authentication request", asked);
		}
		String authReqId = required(asked.body(), "auth_req_id");
		this.prompt.prompt(new PendingApproval(URI.create(this.issuer.replaceAll("/$", "") + "/my/approvals"),
				required(asked.body(), "user_code"),
				Duration.ofSeconds(asked.body().has("expires_in") ? asked.body().get("expires_in").asLong() : 300),
				"ciba"));
		JsonNode tokens = poll(asked.body(), () -> send(form(tokenEndpoint,
				Map.of("grant_type", "urn:openid:params:grant-type:ciba", "auth_req_id", authReqId))));
		return required(tokens, "access_token");
	}

	private String approveChallenge(String challenge, @Nullable String resourceMetadata) {
		verifyChallenge(challenge, resourceMetadata);
		String endpoint = this.endpoints.computeIfAbsent("transaction_authorization_endpoint", this::discover);
		Answer pending = send(form(endpoint, "transaction_challenge", challenge));
		if (pending.status() != 200) {
			throw refusal("the transaction authorization request", pending);
		}
		if (pending.body().has("access_token")) {
			return required(pending.body(), "access_token");
		}
		String id = required(pending.body(), "transaction_authorization_id");
		prompt(pending.body(), "authorization_uri", "transaction-challenge");
		JsonNode tokens = poll(pending.body(), () -> send(form(endpoint, "transaction_authorization_id", id)));
		return required(tokens, "access_token");
	}

	/**
	 * Verifies a challenge as the draft's section 3.5 asks of a client before presenting
	 * it: addressed to this client's authorization server, not expired, signed by a key
	 * of the resource's published challenge keys.
	 * @param challenge the challenge
	 * @param resourceMetadata the resource's metadata URL from the challenge, or
	 * {@code null}
	 */
	private void verifyChallenge(String challenge, @Nullable String resourceMetadata) {
		if (resourceMetadata == null) {
			throw new ApprovalRefusedException("invalid_request",
					"the transaction challenge names no resource_metadata to verify it with");
		}
		JsonNode metadata = get(resourceMetadata);
		String jwksUri = text(metadata, "txn_challenge_jwks_uri");
		if (jwksUri == null) {
			throw new ApprovalRefusedException("invalid_request", "the resource publishes no txn_challenge_jwks_uri");
		}
		try {
			JWKSource<SecurityContext> keys = JWKSourceBuilder.create(URI.create(jwksUri).toURL())
				.retrying(false)
				.build();
			DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
			processor
				.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("txn-authz-challenge+jwt")));
			processor
				.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.copyOf(JWSAlgorithm.Family.SIGNATURE), keys));
			processor.setJWTClaimsSetVerifier((claims, context) -> {
			});
			JWTClaimsSet claims = processor.process(challenge, null);
			List<String> audience = claims.getAudience();
			if (audience == null || !audience.contains(this.issuer)) {
				throw new ApprovalRefusedException("invalid_request",
						"the transaction challenge is addressed to another authorization server");
			}
			if (claims.getExpirationTime() == null
					|| !this.clock.instant().isBefore(claims.getExpirationTime().toInstant())) {
				throw new ApprovalExpiredException("the transaction challenge expired");
			}
		}
		catch (ApprovalException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new ApprovalRefusedException("invalid_request",
					"the transaction challenge does not verify with the resource's keys", ex);
		}
	}

	private String discover(String member) {
		JsonNode metadata = get(this.issuer.replaceAll("/$", "") + "/.well-known/oauth-authorization-server");
		String endpoint = text(metadata, member);
		if (endpoint == null) {
			throw new ApprovalRefusedException("invalid_request", "the authorization server names no " + member);
		}
		return endpoint;
	}

	private JsonNode get(String uri) {
		Answer answer = send(this.rest.get().uri(uri));
		if (answer.status() != 200) {
			throw refusal("GET " + uri, answer);
		}
		return answer.body();
	}

	private RestClient.RequestBodySpec form(String endpoint, String name, String value) {
		return form(endpoint, Map.of(name, value));
	}

	private RestClient.RequestBodySpec form(String endpoint, Map<String, String> parameters) {
		String credentials = Base64.getEncoder()
			.encodeToString((encode(this.clientId) + ":" + encode(this.clientSecret)).getBytes(StandardCharsets.UTF_8));
		StringBuilder body = new StringBuilder();
		parameters.forEach((name, value) -> body.append((body.length() > 0) ? "&" : "")
			.append(encode(name))
			.append('=')
			.append(encode(value)));
		return (RestClient.RequestBodySpec) this.rest.post()
			.uri(endpoint)
			.header(HttpHeaders.AUTHORIZATION, "Basic " + credentials)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(body.toString());
	}

	private void prompt(JsonNode pending, String uriMember, String via) {
		long expiresIn = pending.has("expires_in") ? pending.get("expires_in").asLong() : this.maxWait.toSeconds();
		this.prompt.prompt(new PendingApproval(URI.create(required(pending, uriMember)), required(pending, "user_code"),
				Duration.ofSeconds(expiresIn), via));
	}

	/**
	 * Polls until the answer is the token, as RFC 8628 section 3.5 and CIBA say: at the
	 * interval, five seconds slower after each {@code slow_down}, within the approval's
	 * lifetime and the configured wait.
	 * @param pending the pending answer, with {@code interval} and {@code expires_in}
	 * @param poll one poll
	 * @return the successful answer
	 */
	private JsonNode poll(JsonNode pending, java.util.function.Supplier<Answer> poll) {
		Duration interval = Duration
			.ofSeconds(pending.has("interval") ? Math.max(0, pending.get("interval").asLong()) : 5);
		long expiresIn = pending.has("expires_in") ? pending.get("expires_in").asLong() : this.maxWait.toSeconds();
		Duration lifetime = Duration.ofSeconds(expiresIn);
		Instant deadline = this.clock.instant().plus((lifetime.compareTo(this.maxWait) < 0) ? lifetime : this.maxWait);
		while (true) {
			Answer answer = poll.get();
			if (answer.status() == 200) {
				return answer.body();
			}
			String error = text(answer.body(), "error");
			if ("slow_down".equals(error)) {
				interval = interval.plusSeconds(5);
			}
			else if ("access_denied".equals(error)) {
				throw new ApprovalDeniedException("the user denied the approval");
			}
			else if ("expired_token".equals(error)) {
				throw new ApprovalExpiredException("the approval expired before the user decided");
			}
			else if (!"authorization_pending".equals(error)) {
				throw refusal("the token request", answer);
			}
			if (!this.clock.instant().plus(interval).isBefore(deadline)) {
				throw new ApprovalExpiredException("no decision within " + this.maxWait.toSeconds() + " s");
			}
			try {
				Thread.sleep(Math.max(interval.toMillis(), 200));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ApprovalExpiredException("the wait for the approval was cancelled");
			}
		}
	}

	private static Answer send(RestClient.RequestHeadersSpec<?> request) {
		try {
			return request.exchange((clientRequest, response) -> {
				HttpStatusCode status = response.getStatusCode();
				byte[] body = response.getBody().readAllBytes();
				JsonNode json = (body.length > 0) ? JSON.readTree(body) : JSON.createObjectNode();
				return new Answer(status.value(), json);
			});
		}
		catch (RuntimeException ex) {
			throw new ApprovalRefusedException("temporarily_unavailable",
					"the authorization server cannot be reached: " + ex.getClass().getSimpleName(), ex);
		}
	}

	private static ApprovalRefusedException refusal(String what, Answer answer) {
		String error = text(answer.body(), "error");
		String description = text(answer.body(), "error_description");
		if (description == null) {
			description = text(answer.body(), "detail");
		}
		return new ApprovalRefusedException((error != null) ? error : "server_error",
				what + " answered " + answer.status() + ((description != null) ? ": " + description : ""));
	}

	private static @Nullable String text(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	private static String required(JsonNode node, String name) {
		String value = text(node, name);
		if (value == null) {
			throw new ApprovalRefusedException("server_error", "the authorization server's answer has no " + name);
		}
		return value;
	}

	private static String encode(@Nullable String value) {
		return URLEncoder.encode((value != null) ? value : "", StandardCharsets.UTF_8);
	}

	private record Answer(int status, JsonNode body) {
	}

}
