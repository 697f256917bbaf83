package dev.countersign.authz.approval.authentication;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import dev.countersign.authz.approval.ApprovalStatus;
import dev.countersign.authz.approval.TestApprovalServer;
import dev.countersign.core.StrictJson;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalStatusAuthenticationProviderTests {

	private final TestApprovalServer server = new TestApprovalServer();

	private final ApprovalStatusAuthenticationProvider provider = new ApprovalStatusAuthenticationProvider(
			this.server.ledger, this.server.baseTokens);

	private final JwtAuthenticationToken alice = this.server.baseToken("alice");

	private final String approvalId = ((ApprovalRequestAuthenticationToken) new ApprovalRequestAuthenticationProvider(
			this.server.ledger, this.server.catalog, this.server.clients, this.server.baseTokens,
			TestApprovalServer.SETTINGS)
		.authenticate(new ApprovalRequestAuthenticationToken(this.alice,
				StrictJson.read("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}}]"), null, null)))
		.getApproval()
		.id();

	@Test
	void authenticateWhenAskingClientAndUserThenTheApproval() {
		ApprovalStatusAuthenticationToken answer = (ApprovalStatusAuthenticationToken) this.provider
			.authenticate(new ApprovalStatusAuthenticationToken(this.alice, this.approvalId));

		assertThat(answer.isAuthenticated()).isTrue();
		assertThat(answer.getApproval()).isEqualTo(this.server.onlyApproval());
	}

	@Test
	void authenticateWhenPastItsLifetimeThenExpiredAsRead() {
		this.server.clock.advance(Duration.ofMinutes(5));

		ApprovalStatusAuthenticationToken answer = (ApprovalStatusAuthenticationToken) this.provider
			.authenticate(new ApprovalStatusAuthenticationToken(this.alice, this.approvalId));

		assertThat(answer.getApproval().status()).isEqualTo(ApprovalStatus.EXPIRED);
		assertThat(this.server.audit.events()).last().isEqualTo("expired system: expired while pending");
	}

	@Test
	void authenticateWhenAnotherUserThenNotFoundAndAnExpiryNotTriggeredByThem() {
		this.server.clock.advance(Duration.ofMinutes(5));

		OAuth2AuthenticationExceptionAssert.refused(this.provider,
				new ApprovalStatusAuthenticationToken(this.server.baseToken("bob"), this.approvalId), "not_found");

		assertThat(this.server.onlyApproval().status()).isEqualTo(ApprovalStatus.PENDING);
	}

}
