package dev.countersign.authz.approval.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.InsufficientAuthenticationException;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ActionApprovalService;
import dev.countersign.authz.approval.TestApprovalServer;
import dev.countersign.authz.federation.FederationSettings;
import dev.countersign.authz.federation.TrustedIssuer;
import dev.countersign.authz.federation.TrustedIssuers;
import dev.countersign.core.AuthorizationDetail;
import dev.countersign.test.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalSignInEntryPointTests {

	private final TestApprovalServer server = new TestApprovalServer();

	private final String down = "http://127.0.0.1:" + FreePorts.next();

	private final TrustedIssuers issuers = new TrustedIssuers(new FederationSettings(
			List.of(new TrustedIssuer("away", this.down, Set.of(TestApprovalServer.API), "sub", null, true,
					Set.of("records.read"), "countersign", "secret", null)),
			Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5)),
			this.server.clock);

	private final ApprovalSignInEntryPoint entryPoint = new ApprovalSignInEntryPoint(
			new ActionApprovalService(this.server.ledger, this.server.catalog, TestApprovalServer.SETTINGS),
			this.issuers);

	@Test
	void commenceWhenTheApprovalsIssuerIsDownThenServiceUnavailableNotASignIn() throws Exception {
		store("a1", this.down);
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.entryPoint.commence(new MockHttpServletRequest("GET", "/approve/a1"), response,
				new InsufficientAuthenticationException("sign in"));

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getErrorMessage()).contains(this.down);
	}

	@Test
	void commenceWhenAnApprovalOfThisServersUserThenThePasswordForm() throws Exception {
		store("a2", null);
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.entryPoint.commence(new MockHttpServletRequest("GET", "/approve/a2"), response,
				new InsufficientAuthenticationException("sign in"));

		assertThat(response.getRedirectedUrl()).endsWith("/login");
	}

	private void store(String id, String issuer) {
		this.server.approvals.insert(ActionApproval.builder()
			.id(id)
			.clientId("client-1")
			.subject("alice")
			.subjectIssuer(issuer)
			.actionType("records.read")
			.resource(TestApprovalServer.API)
			.detail(new AuthorizationDetail("records.read", Map.of("customerId", java.math.BigInteger.ONE), null))
			.baseTokenHash("hash")
			.userCode("42")
			.createdAt(this.server.clock.instant())
			.expiresAt(this.server.clock.instant().plusSeconds(300))
			.build());
	}

}
