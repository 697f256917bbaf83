package dev.countersign.authz.it;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.ciba.AuthRequestID;
import com.nimbusds.oauth2.sdk.ciba.CIBAErrorResponse;
import com.nimbusds.oauth2.sdk.ciba.CIBAGrant;
import com.nimbusds.oauth2.sdk.ciba.CIBAPingCallback;
import com.nimbusds.oauth2.sdk.ciba.CIBARequest;
import com.nimbusds.oauth2.sdk.ciba.CIBARequestAcknowledgement;
import com.nimbusds.oauth2.sdk.ciba.CIBAResponse;
import com.nimbusds.oauth2.sdk.ciba.LoginHintToken;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.rar.AuthorizationDetail;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.provisioning.UserDetailsManager;

import dev.countersign.authz.token.ClientMetadata;
import dev.countersign.test.ApprovalClient;
import dev.countersign.test.ApprovalPage;
import dev.countersign.test.HttpReceiver;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID CIBA Core 1.0, poll and ping, driven by a real CIBA client (the Nimbus OAuth 2.0
 * SDK's request, acknowledgement, grant and ping classes) against the running server; the
 * user decides on the approval page found through the inbox. Every error of the request
 * is checked for its status and code, and that nothing was stored.
 */
class CibaIT extends AbstractAuthorizationServerIT {

	static final URI BACKCHANNEL = URI.create(ISSUER + "/oauth2/backchannel-authentication");

	static final URI TOKEN = URI.create(ISSUER + "/oauth2/token");

	static final String TRANSFER = "[{\"type\":\"payments.transfer\",\"parameters\":{\"fromAccount\":\"acc-1\","
			+ "\"toIban\":\"DE89370400440532013000\",\"amount\":\"250.00\",\"currency\":\"EUR\"}}]";

	static final String RECORDS = "[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}}]";

	static final ClientAuthentication AGENT = new ClientSecretBasic(new ClientID("demo-agent"),
			new Secret("demo-agent-secret"));

	private static final Pattern INBOX_LINK = Pattern.compile("href=\"/approve/([A-Za-z0-9_-]+)\"");

	private static final HttpReceiver PINGS = HttpReceiver.started();

	private static final HttpReceiver CLIENT_KEYS = HttpReceiver.started();

	private static final RSAKey CLIENT_KEY = newKey();

	@Autowired
	UserDetailsManager users;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RegisteredClientRepository clients;

	String user;

	@BeforeEach
	void newUser() {
		this.user = TestUsers.create(this.users, "ciba");
	}

	@AfterAll
	static void stopReceivers() {
		PINGS.close();
		CLIENT_KEYS.close();
	}

	@Test
	void pollWhenUserApprovesThenTransactionAccessTokenRedeemedOnce() throws Exception {
		HTTPResponse asked = ask(AGENT, (request) -> request.loginHint(this.user));
		CIBARequestAcknowledgement ack = acknowledged(asked);
		String userCode = asked.getBodyAsJSONObject().get("user_code").toString();
		assertThat(ack.getExpiresIn()).isBetween(290, 300);
		assertThat(ack.getMinWaitInterval()).isEqualTo(5);
		assertThat(userCode).matches("[0-9]{2}");

		assertThat(error(redeem(AGENT, ack.getAuthRequestID()))).isEqualTo("authorization_pending");
		assertThat(error(redeem(AGENT, ack.getAuthRequestID()))).isEqualTo("slow_down");
		assertThat(ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD).open(approvalOf(ack)).body())
			.contains("Transfer 250 EUR");

		String approvalId = approveThroughInbox(userCode);
		rewindPoll(approvalId);
		AccessTokenResponse tokens = redeem(AGENT, ack.getAuthRequestID()).toSuccessResponse();

		SignedJWT token = SignedJWT.parse(tokens.getTokens().getAccessToken().getValue());
		assertThat(token.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
		JWTClaimsSet claims = token.getJWTClaimsSet();
		assertThat(claims.getStringClaim("txn")).isEqualTo(approvalId);
		assertThat(claims.getSubject()).isEqualTo(this.user);
		assertThat(claims.getStringClaim("client_id")).isEqualTo("demo-agent");
		assertThat(claims.getAudience()).containsExactly(DEMO_API);
		assertThat(claims.getJWTID()).isNotBlank();
		assertThat(claims.getClaim("scope")).isNull();
		assertThat(claims.getListClaim("authorization_details")).hasSize(1);
		// exactly the approved entry, in the catalog's canonical form
		assertThat(TestHttp.JSON.readTree(token.getPayload().toString()).get("authorization_details").toString())
			.isEqualTo("[" + this.jdbc.queryForObject("SELECT authorization_detail FROM action_approval WHERE id = ?",
					String.class, approvalId) + "]");
		assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
			.isEqualTo(Duration.ofSeconds(60));
		assertThat(tokens.getTokens().getAccessToken().getLifetime()).isBetween(59L, 60L);
		SignedJWT idToken = SignedJWT.parse(tokens.getCustomParameters().get("id_token").toString());
		assertThat(idToken.getJWTClaimsSet().getSubject()).isEqualTo(this.user);
		assertThat(idToken.getJWTClaimsSet().getAudience()).containsExactly("demo-agent");
		// RFC 9396 section 7: the token response names what the token carries
		assertThat(tokens.getTokens().getAccessToken().getAuthorizationDetails()).hasSize(1);
		assertThat(this.jdbc.queryForObject("SELECT token_jti FROM action_approval WHERE id = ?", String.class,
				approvalId))
			.isEqualTo(claims.getJWTID());

		rewindPoll(approvalId);
		assertThat(error(redeem(AGENT, ack.getAuthRequestID()))).isEqualTo("invalid_grant");
		assertThat(this.jdbc.queryForList("SELECT event FROM audit_event WHERE approval_id = ? ORDER BY seq",
				String.class, approvalId))
			.containsSubsequence("requested", "shown", "approved", "issued");
	}

	@Test
	void pollWhenAnotherClientRedeemsThenInvalidGrant() throws Exception {
		CIBARequestAcknowledgement ack = acknowledged(ask(AGENT, (request) -> request.loginHint(this.user)));
		ClientAuthentication other = new ClientSecretBasic(new ClientID("demo-agent-ping"),
				new Secret("demo-agent-ping-secret"));

		assertThat(error(redeem(other, ack.getAuthRequestID()))).isEqualTo("invalid_grant");
		assertThat(error(redeem(AGENT, new AuthRequestID("no-such-request-" + UUID.randomUUID()))))
			.isEqualTo("invalid_grant");
	}

	@Test
	void pollWhenUserDeniesThenAccessDenied() throws Exception {
		HTTPResponse asked = ask(AGENT, (request) -> request.loginHint(this.user));
		CIBARequestAcknowledgement ack = acknowledged(asked);
		String approvalId = approvalOf(ack);
		ApprovalPage page = ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD);
		assertThat(page.decide(approvalId, "deny").statusCode()).isEqualTo(302);

		assertThat(error(redeem(AGENT, ack.getAuthRequestID()))).isEqualTo("access_denied");
	}

	@Test
	void pollWhenExpiredThenExpiredToken() throws Exception {
		CIBARequestAcknowledgement ack = acknowledged(
				ask(AGENT, (request) -> request.loginHint(this.user).requestedExpiry(30)));
		assertThat(ack.getExpiresIn()).isBetween(25, 30);
		this.jdbc.update("UPDATE action_approval SET expires_at = now() - interval '1 second' WHERE id = ?",
				approvalOf(ack));

		assertThat(error(redeem(AGENT, ack.getAuthRequestID()))).isEqualTo("expired_token");
	}

	@Test
	void pollWhenTwoRedeemAtOnceThenExactlyOneGetsTokens() throws Exception {
		HTTPResponse asked = ask(AGENT, (request) -> request.loginHint(this.user));
		CIBARequestAcknowledgement ack = acknowledged(asked);
		String approvalId = approvalOf(ack);
		ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD)
			.approve(approvalId, asked.getBodyAsJSONObject().get("user_code").toString());
		CountDownLatch start = new CountDownLatch(1);
		Callable<TokenResponse> redemption = () -> {
			start.await();
			return redeem(AGENT, ack.getAuthRequestID());
		};
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<TokenResponse>> answers = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				answers.add(pool.submit(redemption));
			}
			start.countDown();
			int tokens = 0;
			for (Future<TokenResponse> answer : answers) {
				TokenResponse response = answer.get();
				if (response.indicatesSuccess()) {
					tokens++;
				}
				else {
					assertThat(error(response)).isIn("invalid_grant", "slow_down");
				}
			}
			assertThat(tokens).isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(
				this.jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE approval_id = ? AND event = 'issued'",
						Integer.class, approvalId))
			.isEqualTo(1);
	}

	@Test
	void pingWhenUserDecidesThenClientNotifiedWithItsTokenThenRedeems() throws Exception {
		String clientId = registerClient("ping", PINGS.url("/ciba/notify"), null);
		ClientAuthentication ping = new ClientSecretBasic(new ClientID(clientId), new Secret("ciba-secret"));
		BearerAccessToken notificationToken = new BearerAccessToken("notify-" + UUID.randomUUID());
		HTTPResponse asked = ask(ping,
				(request) -> request.loginHint(this.user).clientNotificationToken(notificationToken));
		CIBARequestAcknowledgement ack = acknowledged(asked);
		PINGS.drain();
		// a ping client is told when to ask, so it is never held to the interval
		assertThat(error(redeem(ping, ack.getAuthRequestID()))).isEqualTo("authorization_pending");
		assertThat(error(redeem(ping, ack.getAuthRequestID()))).isEqualTo("authorization_pending");

		approveThroughInbox(asked.getBodyAsJSONObject().get("user_code").toString());

		HttpReceiver.Received received = PINGS.next(Duration.ofSeconds(10));
		assertThat(received).as("the ping").isNotNull();
		HTTPRequest callback = new HTTPRequest(HTTPRequest.Method.POST, URI.create(PINGS.url(received.path())));
		callback.setHeader("Authorization", received.header("Authorization"));
		callback.setHeader("Content-Type", received.header("Content-Type"));
		callback.setBody(received.body());
		CIBAPingCallback parsed = CIBAPingCallback.parse(callback);
		assertThat(parsed.getAccessToken()).isEqualTo(notificationToken);
		assertThat(parsed.getAuthRequestID()).isEqualTo(ack.getAuthRequestID());

		assertThat(redeem(ping, ack.getAuthRequestID()).indicatesSuccess()).isTrue();
	}

	@Test
	void grantTypeWhenApprovedThenOrdinaryAccessTokenThatIsABaseToken() throws Exception {
		HTTPResponse asked = ask(AGENT, new Scope("openid", "accounts.read"),
				(request) -> request.loginHint(this.user).authorizationDetails(details(RECORDS)).bindingMessage(null));
		CIBARequestAcknowledgement ack = acknowledged(asked);
		String approvalId = approveThroughInbox(asked.getBodyAsJSONObject().get("user_code").toString());
		rewindPoll(approvalId);

		AccessTokenResponse tokens = redeem(AGENT, ack.getAuthRequestID()).toSuccessResponse();

		JWTClaimsSet claims = SignedJWT.parse(tokens.getTokens().getAccessToken().getValue()).getJWTClaimsSet();
		assertThat(claims.getClaim("txn")).isNull();
		assertThat(claims.getStringClaim("scope")).isEqualTo("openid accounts.read");
		assertThat(claims.getAudience()).containsExactly(DEMO_API);
		assertThat(claims.getListClaim("authorization_details").toString()).contains("records.read");
		// stored like any access token: a base token for the next approval
		HttpResponse<String> next = new ApprovalClient(this.http, tokens.getTokens().getAccessToken().getValue())
			.create(ApprovalClient.TRANSFER);
		assertThat(next.statusCode()).as(next.body()).isIn(201, 400);
		assertThat(next.statusCode() == 201 || next.body().contains("may not ask")).isTrue();
	}

	@Test
	void privateKeyJwtClientWhenLoginHintTokenNamesUserThenAccepted() throws Exception {
		CLIENT_KEYS.respondWith(new JWKSet(CLIENT_KEY.toPublicJWK()).toString());
		String clientId = registerClient("keys", null, CLIENT_KEYS.url("/jwks"));
		PrivateKeyJWT keys = new PrivateKeyJWT(new ClientID(clientId), URI.create(ISSUER), JWSAlgorithm.RS256,
				CLIENT_KEY.toRSAPrivateKey(), CLIENT_KEY.getKeyID(), null);
		SignedJWT hint = loginHintToken(clientId, Map.of("format", "iss_sub", "iss", ISSUER, "sub", this.user),
				Instant.now().plusSeconds(60));

		// Spring Authorization Server asks for client_id beside the client assertion, as
		// at
		// its token endpoint
		HTTPResponse asked = ask(keys, (request) -> request.loginHintToken(new LoginHintToken(hint.serialize()))
			.customParameter("client_id", clientId));

		assertThat(asked.getStatusCode()).as(asked.getBody()).isEqualTo(200);
		assertThat(approvalsOf(this.user)).isEqualTo(1);

		SignedJWT expired = loginHintToken(clientId, Map.of("format", "iss_sub", "iss", ISSUER, "sub", this.user),
				Instant.now().minusSeconds(120));
		assertRefused(ask(keys, (request) -> request.loginHintToken(new LoginHintToken(expired.serialize()))
			.customParameter("client_id", clientId)), 400, "expired_login_hint_token", 1);
		SignedJWT foreign = loginHintToken("someone-else", Map.of("format", "iss_sub", "iss", ISSUER, "sub", this.user),
				Instant.now().plusSeconds(60));
		assertRefused(ask(keys, (request) -> request.loginHintToken(new LoginHintToken(foreign.serialize()))
			.customParameter("client_id", clientId)), 400, "invalid_request", 1);
	}

	@Test
	void requestWhenIdTokenHintOfThisServerThenItsSubject() throws Exception {
		HTTPResponse asked = ask(AGENT, (request) -> request.loginHint(this.user));
		CIBARequestAcknowledgement ack = acknowledged(asked);
		String approvalId = approveThroughInbox(asked.getBodyAsJSONObject().get("user_code").toString());
		rewindPoll(approvalId);
		String idToken = redeem(AGENT, ack.getAuthRequestID()).toSuccessResponse()
			.getCustomParameters()
			.get("id_token")
			.toString();

		HTTPResponse again = ask(AGENT, (request) -> request.idTokenHint(parse(idToken)));

		assertThat(again.getStatusCode()).as(again.getBody()).isEqualTo(200);
		assertThat(approvalsOf(this.user)).isEqualTo(2);
	}

	@Test
	void requestWhenRefusedThenCibaErrorAndNothingStored() throws Exception {
		String noSuchUser = "nobody-" + UUID.randomUUID();
		assertRefused(ask(new ClientSecretBasic(new ClientID("demo-agent"), new Secret("wrong")),
				(request) -> request.loginHint(this.user)), 401, "invalid_client", 0);
		assertRefused(ask(new ClientSecretBasic(new ClientID("demo-client"), new Secret("demo-secret")),
				(request) -> request.loginHint(this.user)), 400, "unauthorized_client", 0);
		assertRefused(
				new TestHttpRequest(BACKCHANNEL)
					.form("scope=openid&binding_message=Transfer&authorization_details=" + TestHttp.encode(TRANSFER)),
				400, "invalid_request", 0);
		assertRefused(
				ask(AGENT, (request) -> request.loginHint(this.user).customParameter("id_token_hint", unsignedJwt())),
				400, "invalid_request", 0);
		assertRefused(ask(AGENT, (request) -> request.loginHint(noSuchUser)), 400, "unknown_user_id", 0);
		assertRefused(ask(AGENT, (request) -> request.loginHint("https://untrusted.example#" + this.user)), 400,
				"unknown_user_id", 0);
		assertRefused(ask(AGENT, new Scope("accounts.read"), (request) -> request.loginHint(this.user)), 400,
				"invalid_scope", 0);
		assertRefused(ask(AGENT, new Scope("openid", "keys.manage"), (request) -> request.loginHint(this.user)), 400,
				"invalid_scope", 0);
		assertRefused(ask(AGENT, (request) -> request.loginHint(this.user).bindingMessage(null)), 400,
				"invalid_binding_message", 0);
		assertRefused(ask(AGENT, (request) -> request.loginHint(this.user).bindingMessage("x".repeat(300))), 400,
				"invalid_binding_message", 0);
		assertRefused(ask(AGENT, (request) -> request.loginHint(this.user).bindingMessage("line\nbreak")), 400,
				"invalid_binding_message", 0);
		assertRefused(ask(AGENT, (request) -> request.loginHint(this.user).authorizationDetails(null)), 400,
				"invalid_authorization_details", 0);
		assertRefused(
				ask(AGENT,
						(request) -> request.loginHint(this.user)
							.authorizationDetails(details("[{\"type\":\"no.such.type\",\"parameters\":{}}]"))),
				400, "invalid_authorization_details", 0);
		assertRefused(
				ask(AGENT,
						(request) -> request.loginHint(this.user)
							.authorizationDetails(details(TRANSFER.replace("\"EUR\"", "\"euro\"")))),
				400, "invalid_authorization_details", 0);
		assertRefused(ask(AGENT, (request) -> request.loginHint(this.user).customParameter("requested_expiry", "0")),
				400, "invalid_request", 0);
		assertRefused(ask(AGENT, (request) -> request.loginHint(this.user).customParameter("requested_expiry", "soon")),
				400, "invalid_request", 0);
		assertRefused(
				ask(AGENT,
						(request) -> request.loginHint(this.user)
							.acrValues(List
								.of(new com.nimbusds.openid.connect.sdk.claims.ACR("urn:example:acr:hardware")))),
				400, "invalid_request", 0);
		String pingClient = registerClient("ping-refused", PINGS.url("/ciba/notify"), null);
		assertRefused(ask(new ClientSecretBasic(new ClientID(pingClient), new Secret("ciba-secret")),
				(request) -> request.loginHint(this.user)), 400, "invalid_request", 0);
		HTTPResponse form = new TestHttpRequest(BACKCHANNEL).json("{\"login_hint\":\"" + this.user + "\"}");
		assertRefused(form, 400, "invalid_request", 0);
	}

	@Test
	void requestWhenBeyondTheUsersLimitThenAccessDeniedWithRetryAfter() throws Exception {
		for (int i = 0; i < 3; i++) {
			acknowledged(ask(AGENT, (request) -> request.loginHint(this.user)));
		}

		HTTPResponse fourth = ask(AGENT, (request) -> request.loginHint(this.user));

		assertRefused(fourth, 403, "access_denied", 3);
		assertThat(fourth.getHeaderValue("Retry-After")).matches("[0-9]+");
	}

	private HTTPResponse ask(ClientAuthentication client, Consumer<CIBARequest.Builder> request) throws Exception {
		return ask(client, new Scope("openid"), request);
	}

	private HTTPResponse ask(ClientAuthentication client, Scope scope, Consumer<CIBARequest.Builder> request)
			throws Exception {
		CIBARequest.Builder builder = new CIBARequest.Builder(client, scope).endpointURI(BACKCHANNEL)
			.bindingMessage("Transfer 250 EUR")
			.authorizationDetails(details(TRANSFER));
		request.accept(builder);
		return builder.build().toHTTPRequest().send();
	}

	private static CIBARequestAcknowledgement acknowledged(HTTPResponse response) throws Exception {
		assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
		assertThat(response.getCacheControl()).isEqualTo("no-store");
		CIBAResponse parsed = CIBAResponse.parse(response);
		assertThat(parsed.indicatesSuccess()).isTrue();
		return parsed.toRequestAcknowledgement();
	}

	private static TokenResponse redeem(ClientAuthentication client, AuthRequestID id) throws Exception {
		return TokenResponse
			.parse(new TokenRequest.Builder(TOKEN, client, new CIBAGrant(id)).build().toHTTPRequest().send());
	}

	private static String error(TokenResponse response) {
		assertThat(response.indicatesSuccess()).isFalse();
		TokenErrorResponse error = response.toErrorResponse();
		return error.getErrorObject().getCode();
	}

	private void assertRefused(HTTPResponse response, int status, String error, int approvals) throws Exception {
		assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
		CIBAResponse parsed = CIBAResponse.parse(response);
		assertThat(parsed.indicatesSuccess()).isFalse();
		CIBAErrorResponse refusal = parsed.toErrorResponse();
		assertThat(refusal.getErrorObject().getCode()).as(response.getBody()).isEqualTo(error);
		if (!"invalid_client".equals(error)) {
			// the token endpoint's answer to a failed client authentication names no
			// cause
			assertThat(refusal.getErrorObject().getDescription()).isNotBlank();
		}
		assertThat(approvalsOf(this.user)).as("approvals stored for the user").isEqualTo(approvals);
	}

	private int approvalsOf(String subject) {
		Integer count = this.jdbc.queryForObject("SELECT count(*) FROM action_approval a JOIN backchannel_request b "
				+ "ON b.approval_id = a.id WHERE a.subject = ?", Integer.class, subject);
		return (count != null) ? count : 0;
	}

	private String approvalOf(CIBARequestAcknowledgement ack) {
		return this.jdbc.queryForObject("SELECT approval_id FROM backchannel_request WHERE auth_req_id = ?",
				String.class, ack.getAuthRequestID().getValue());
	}

	/**
	 * Approves the user's only pending approval, found in their inbox, as the user would.
	 * @param userCode the number the client shows
	 * @return the approval's id
	 */
	private String approveThroughInbox(String userCode) {
		ApprovalPage page = ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD);
		HttpResponse<String> inbox = page.http.get("/my/approvals", "Accept", "text/html");
		Matcher link = INBOX_LINK.matcher(inbox.body());
		assertThat(link.find()).as(inbox.body()).isTrue();
		String id = link.group(1);
		page.approve(id, userCode);
		return id;
	}

	private void rewindPoll(String approvalId) {
		this.jdbc.update("UPDATE action_approval SET last_polled_at = now() - interval '1 minute' WHERE id = ?",
				approvalId);
	}

	private String registerClient(String name, String pingEndpoint, String jwkSetUrl) {
		String clientId = "ciba-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
		ClientSettings.Builder settings = ClientSettings.builder();
		ClientMetadata.with(settings, ClientMetadata.RESOURCES, List.of(DEMO_API));
		ClientMetadata.with(settings, ClientMetadata.AUTHORIZATION_DETAILS_TYPES,
				List.of("payments.transfer", "records.read"));
		settings.setting(ClientMetadata.BACKCHANNEL_TOKEN_DELIVERY_MODE, (pingEndpoint != null) ? "ping" : "poll");
		if (pingEndpoint != null) {
			settings.setting(ClientMetadata.BACKCHANNEL_CLIENT_NOTIFICATION_ENDPOINT, pingEndpoint);
		}
		RegisteredClient.Builder client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientName("CIBA test client")
			.authorizationGrantType(new AuthorizationGrantType("urn:openid:params:grant-type:ciba"))
			.scope("openid")
			.scope("accounts.read");
		if (jwkSetUrl != null) {
			settings.jwkSetUrl(jwkSetUrl).tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256);
			client.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
		}
		else {
			client.clientSecret("{noop}ciba-secret")
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
		}
		this.clients.save(client.clientSettings(settings.build()).build());
		return clientId;
	}

	private static SignedJWT loginHintToken(String issuer, Map<String, Object> subId, Instant expiresAt)
			throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(CLIENT_KEY.getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer(issuer)
					.audience(ISSUER)
					.issueTime(Date.from(expiresAt.minusSeconds(120)))
					.expirationTime(Date.from(expiresAt))
					.claim("sub_id", subId)
					.build());
		jwt.sign(new RSASSASigner(CLIENT_KEY));
		return jwt;
	}

	private static String unsignedJwt() {
		return new com.nimbusds.jwt.PlainJWT(new JWTClaimsSet.Builder().subject("alice").build()).serialize();
	}

	private static com.nimbusds.jwt.JWT parse(String jwt) {
		try {
			return com.nimbusds.jwt.JWTParser.parse(jwt);
		}
		catch (java.text.ParseException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private static List<AuthorizationDetail> details(String json) {
		try {
			return AuthorizationDetail.parseList(json);
		}
		catch (com.nimbusds.oauth2.sdk.ParseException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private static RSAKey newKey() {
		try {
			return new RSAKeyGenerator(2048).keyID("ciba-test-client").generate();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A request that is not form-encoded, which a CIBA client library would never send.
	 */
	private record TestHttpRequest(URI endpoint) {

		HTTPResponse form(String body) throws Exception {
			HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, this.endpoint);
			AGENT.applyTo(request);
			request.setEntityContentType(com.nimbusds.common.contenttype.ContentType.APPLICATION_URLENCODED);
			request.setBody(body);
			return request.send();
		}

		HTTPResponse json(String body) throws Exception {
			HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, this.endpoint);
			AGENT.applyTo(request);
			request.setEntityContentType(com.nimbusds.common.contenttype.ContentType.APPLICATION_JSON);
			request.setBody(body);
			return request.send();
		}

	}

}
