package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in throttling against the running server (issue 9, item 8): after five wrong
 * passwords the account is locked out and even the right password is refused until the
 * lock-out ends; every failure is audited; the same for client secrets at the token
 * endpoint.
 */
class LoginThrottlingIT extends AbstractApprovalIT {

	@Override
	String userPrefix() {
		return "throttle";
	}

	@Test
	void loginWhenFiveWrongPasswordsThenLockedOutEvenWithTheRightOneUntilTheLockoutEnds() throws Exception {
		TestHttp browser = new TestHttp(ISSUER);
		for (int i = 0; i < 5; i++) {
			assertThat(location(browser.login(this.user, "wrong-" + i))).endsWith("/login?error");
		}

		String locked = location(browser.login(this.user, TestUsers.PASSWORD));

		assertThat(locked).matches(".*/login\\?locked=[0-9]+");
		assertThat(browser.get(locked).body()).contains("Too many failed sign-ins.").contains("Try again in");
		assertThat(audit("login-failed")).hasSize(6)
			.allMatch((outcome) -> outcome.endsWith("from 127.0.0.1") || outcome.contains("locked out"));
		assertThat(audit("login-failed").get(4)).contains("locked out until");
		assertThat(audit("login-failed").get(5)).startsWith("refused while locked out");

		// the IT profile's lock-out is 2 s: then the right password signs in, and clears
		// the count
		Instant deadline = Instant.now().plusSeconds(10);
		String signedIn;
		do {
			Thread.sleep(250);
			signedIn = location(new TestHttp(ISSUER).login(this.user, TestUsers.PASSWORD));
		}
		while (signedIn.contains("locked") && Instant.now().isBefore(deadline));
		assertThat(signedIn).doesNotContain("error", "locked");
		assertThat(this.jdbc.queryForList("SELECT throttle_key FROM login_throttle WHERE throttle_key = ?",
				String.class, "user:" + this.user))
			.isEmpty();
	}

	@Test
	void tokenEndpointWhenFiveWrongClientSecretsThenInvalidClientEvenWithTheRightOne() {
		TestClients.registerOtherApi(this.clients);
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> wrong = token("wrong-" + i);
			assertThat(wrong.statusCode()).isEqualTo(401);
			assertThat(TestHttp.json(wrong).get("error").asString()).isEqualTo("invalid_client");
		}

		HttpResponse<String> right = token("other-api-secret");

		assertThat(right.statusCode()).isEqualTo(401);
		assertThat(TestHttp.json(right).get("error").asString()).isEqualTo("invalid_client");
		assertThat(TestHttp.json(right).get("error_description").asString())
			.startsWith("too many failed authentications of this client or from this address; try again in");
		assertThat(right.headers().firstValue("Retry-After").orElseThrow()).matches("[0-9]+");
		// while locked out a wrong secret gets the same answer: nothing is learned about
		// secrets
		assertThat(TestHttp.json(token("wrong-0")).has("error_description")).isTrue();
		assertThat(
				this.jdbc.queryForList("SELECT outcome FROM audit_event WHERE event = 'client-authentication-failed' "
						+ "AND actor = ? ORDER BY seq", String.class, TestClients.OTHER_API))
			.hasSizeGreaterThanOrEqualTo(6);
		this.jdbc.update("DELETE FROM login_throttle WHERE throttle_key = ?", "client:" + TestClients.OTHER_API);
		assertThat(token("other-api-secret").statusCode()).isEqualTo(200);
	}

	@org.springframework.beans.factory.annotation.Autowired
	org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository clients;

	private HttpResponse<String> token(String secret) {
		return this.http.token(TestClients.OTHER_API, secret,
				Map.of("grant_type", "client_credentials", "scope", "approvals.consume"));
	}

	private List<String> audit(String event) {
		return this.jdbc.queryForList("SELECT outcome FROM audit_event WHERE event = ? AND actor = ? ORDER BY seq",
				String.class, event, this.user);
	}

	private static String location(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(302);
		return response.headers().firstValue("Location").orElseThrow();
	}

}
