package dev.countersign.authz.it;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcOperations;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.ApprovalPage;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.FreePorts;
import dev.countersign.test.IdentityProviderSignIn;
import dev.countersign.test.TestDatabase;
import dev.countersign.test.TestHttp;
import dev.countersign.testidp.TestIdentityProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approval page signs the person in at the identity provider the approval's base
 * token came from (OpenID Connect code flow, PKCE, nonce; a real second provider on
 * 127.0.0.1): only that issuer's subject may decide, the type's {@code max-age} and
 * {@code acr} are asked for and enforced, and the action token carries the ID token's
 * {@code acr} and {@code auth_time}.
 */
class FederatedSignInIT {

	private static final String DEMO_API = "http://localhost:8080";

	private static final String RECORDS_43 = "{\"authorization_details\":[{\"type\":\"records.read\","
			+ "\"parameters\":{\"customerId\":43}}],\"binding_message\":\"Records 43\"}";

	private static TestIdentityProvider idp;

	private static RunningServer server;

	private static JdbcOperations jdbc;

	@BeforeAll
	static void start() {
		int port = FreePorts.next();
		idp = TestIdentityProvider.start("http://localhost:" + port + "/login/oauth2/code/idp");
		String entry = "--countersign.federation.issuers.idp.";
		server = RunningServer.start("demo,it", "--server.port=" + port,
				"--spring.datasource.url=" + TestDatabase.createDatabase(), entry + "issuer-uri=" + idp.issuer(),
				entry + "authorization-details-types=payments.transfer,records.read,accounts.close",
				entry + "client-id=" + TestIdentityProvider.CLIENT_ID,
				entry + "client-secret=" + TestIdentityProvider.CLIENT_SECRET,
				"--countersign.actions[records.read].acr=urn:test:mfa",
				// every test here asks as the provider's alice
				"--countersign.approvals.max-pending-per-subject=100",
				"--countersign.approvals.max-requests-per-window=100");
		jdbc = server.bean(JdbcOperations.class);
	}

	@AfterAll
	static void stop() {
		server.close();
		idp.close();
	}

	@Test
	void approveWhenTheSubjectSignsInAtTheIdentityProviderThenTheTokenCarriesItsAcrAndAuthTime() throws Exception {
		String baseToken = idp.accessToken("alice", "idp-client", DEMO_API);
		ApprovalClient client = new ApprovalClient(server.http(), baseToken);
		JsonNode created = TestHttp.json(client.create(ApprovalClient.TRANSFER));
		String id = created.get("approval_id").asString();
		TestHttp browser = server.http();

		List<String> visited = signIn(browser, id, "alice");

		assertThat(visited).anyMatch((url) -> url.startsWith(idp.issuer() + "/oauth2/authorize?"))
			.noneMatch((url) -> url.contains("/login?") && url.startsWith(server.baseUrl));
		new ApprovalPage(browser).approve(id, created.get("user_code").asString());
		HttpResponse<String> minted = client.mint(id);
		assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
		JWTClaimsSet claims = SignedJWT.parse(TestHttp.json(minted).get("action_token").asString()).getJWTClaimsSet();
		assertThat(claims.getStringClaim("acr")).isEqualTo(TestIdentityProvider.ACR);
		assertThat(claims.getLongClaim("auth_time")).isNotNull();
		assertThat(jdbc.queryForObject("SELECT decided_by FROM action_approval WHERE id = ?", String.class, id))
			.isEqualTo(idp.issuer() + "#alice");
	}

	@Test
	void approveWhenTheTypeNeedsAFreshSignInThenMaxAgeAndPromptAreSentAndTheFreshSignInAccepted() {
		JsonNode created = TestHttp
			.json(new ApprovalClient(server.http(), idp.accessToken("alice", "idp-client", DEMO_API)).create(
					"{\"authorization_details\":[{\"type\":\"accounts.close\",\"parameters\":{\"accountId\":\"acc-2\"}}]}"));
		String id = created.get("approval_id").asString();
		TestHttp browser = server.http();

		List<String> visited = signIn(browser, id, "alice");

		assertThat(visited).anyMatch((url) -> url.startsWith(idp.issuer() + "/oauth2/authorize?")
				&& url.contains("max_age=300") && url.contains("prompt=login"));
		new ApprovalPage(browser).approve(id, created.get("user_code").asString());
		assertThat(jdbc.queryForObject("SELECT status FROM action_approval WHERE id = ?", String.class, id))
			.isEqualTo("approved");
	}

	@Test
	void codeFlowWhenTheProvidersUserSignsInHereThenQualifiedSubjectAndTheirApprovalsStillDecidedAtTheProvider()
			throws Exception {
		TestHttp browser = server.http();
		CodeFlow flow = new CodeFlow(browser);
		HttpResponse<String> authorize = browser.get(CodeFlow.uri(flow.parameters(true)), "Accept", "text/html");
		assertThat(authorize.headers().firstValue("Location").orElseThrow()).endsWith("/login");
		assertThat(browser.get("/login", "Accept", "text/html").body()).contains("href=\"/oauth2/authorization/idp\"");
		URI at = URI.create(server.baseUrl + "/oauth2/authorization/idp");
		HttpResponse<String> response = browser.get(at.toString(), "Accept", "text/html");
		for (int hops = 0; hops < 20 && !at.toString().startsWith(CodeFlow.REDIRECT_URI); hops++) {
			if (response.statusCode() / 100 == 3) {
				at = at.resolve(response.headers().firstValue("Location").orElseThrow());
				if (!at.toString().startsWith(CodeFlow.REDIRECT_URI)) {
					response = browser.get(at.toString(), "Accept", "text/html");
				}
			}
			else {
				URI form = at.resolve("/login");
				response = browser.postForm(form.toString(), Map.of("username", "alice", "password", "alice-password",
						"_csrf", TestHttp.csrf(response.body())));
				at = form;
			}
		}
		assertThat(at.toString()).startsWith(CodeFlow.REDIRECT_URI);
		HttpResponse<String> exchanged = flow.exchange(TestHttp.query(at.toString()).get("code"));
		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
		String baseToken = TestHttp.json(exchanged).get("access_token").asString();
		assertThat(SignedJWT.parse(baseToken).getJWTClaimsSet().getSubject()).isEqualTo(idp.issuer() + "#alice");

		ApprovalClient client = new ApprovalClient(server.http(), baseToken);
		JsonNode created = TestHttp.json(client.create(ApprovalClient.TRANSFER));
		String id = created.get("approval_id").asString();
		TestHttp approver = server.http();
		signIn(approver, id, "alice");
		new ApprovalPage(approver).approve(id, created.get("user_code").asString());
		HttpResponse<String> minted = client.mint(id);
		assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
		assertThat(SignedJWT.parse(TestHttp.json(minted).get("action_token").asString()).getJWTClaimsSet().getSubject())
			.isEqualTo(idp.issuer() + "#alice");
	}

	@Test
	void pageWhenAnotherUserOfTheIdentityProviderSignsInThenForbiddenUnchangedAndAudited() {
		JsonNode created = TestHttp
			.json(new ApprovalClient(server.http(), idp.accessToken("alice", "idp-client", DEMO_API))
				.create(ApprovalClient.TRANSFER));
		String id = created.get("approval_id").asString();
		TestHttp browser = server.http();

		signIn(browser, id, "mallory");

		HttpResponse<String> page = new ApprovalPage(browser).open(id);
		assertThat(page.statusCode()).isEqualTo(403);
		assertThat(page.body()).contains("another user");
		assertThat(jdbc.queryForObject("SELECT status FROM action_approval WHERE id = ?", String.class, id))
			.isEqualTo("pending");
		assertThat(jdbc.queryForList(
				"SELECT actor FROM audit_event WHERE approval_id = ? AND event = 'decision-refused'", String.class, id))
			.contains(idp.issuer() + "#mallory");
	}

	@Test
	void approveWhenTheTypeNeedsAStrongerAcrThenItIsAskedForAndALowerOneRefused() {
		JsonNode created = TestHttp.json(
				new ApprovalClient(server.http(), idp.accessToken("alice", "idp-client", DEMO_API)).create(RECORDS_43));
		String id = created.get("approval_id").asString();
		TestHttp browser = server.http();

		List<String> visited = signIn(browser, id, "alice");

		assertThat(visited).anyMatch((url) -> url.startsWith(idp.issuer() + "/oauth2/authorize?")
				&& java.net.URLDecoder.decode(url, java.nio.charset.StandardCharsets.UTF_8)
					.contains("acr_values=urn:test:mfa"));
		ApprovalPage page = new ApprovalPage(browser);
		assertThat(page.pick(id, created.get("user_code").asString()).statusCode()).isEqualTo(302);
		HttpResponse<String> decided = page.decide(id, "approve");
		assertThat(decided.statusCode()).isEqualTo(403);
		assertThat(decided.body()).contains("urn:test:mfa").contains(TestIdentityProvider.ACR);
		assertThat(jdbc.queryForObject("SELECT status FROM action_approval WHERE id = ?", String.class, id))
			.isEqualTo("pending");
		// the provider's user finds it in their inbox
		assertThat(browser.get("/my/approvals", "Accept", "text/html").body()).contains("href=\"/approve/" + id + "\"");
	}

	private static List<String> signIn(TestHttp browser, String id, String user) {
		return IdentityProviderSignIn.signIn(browser, server.baseUrl, idp.issuer(), id, user);
	}

}
