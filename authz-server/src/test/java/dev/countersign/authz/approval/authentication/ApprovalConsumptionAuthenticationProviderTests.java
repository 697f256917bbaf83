package dev.countersign.authz.approval.authentication;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ActionApprovalRepository.Consumption;
import dev.countersign.authz.approval.ApprovalStatus;
import dev.countersign.authz.approval.TestApprovalServer;
import dev.countersign.core.StrictJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consume and rejection providers: what a resource server may learn and change about
 * an issued action token.
 */
class ApprovalConsumptionAuthenticationProviderTests {

	private final TestApprovalServer server = new TestApprovalServer();

	private final ApprovalConsumptionAuthenticationProvider consumption = new ApprovalConsumptionAuthenticationProvider(
			this.server.ledger, new ServedResources(this.server.clients, Duration.ZERO));

	private final ApprovalRejectionAuthenticationProvider rejections = new ApprovalRejectionAuthenticationProvider(
			this.server.ledger, new ServedResources(this.server.clients, Duration.ZERO));

	@BeforeEach
	void issuedToken() {
		new ApprovalRequestAuthenticationProvider(this.server.ledger, this.server.catalog, this.server.clients,
				this.server.baseTokens, TestApprovalServer.SETTINGS)
			.authenticate(new ApprovalRequestAuthenticationToken(this.server.baseToken("alice"),
					StrictJson.read("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}}]"), null, null));
		ActionApproval approval = this.server.onlyApproval();
		this.server.approvals.update(
				approval.withToken("jti-1", this.server.clock.instant(), this.server.clock.instant().plusSeconds(60)));
	}

	@Test
	void authenticateWhenFirstUseThenFirstUseOnceAndAudited() {
		assertThat(consume("api-1", "jti-1")).isEqualTo(Consumption.FIRST_USE);
		assertThat(consume("api-1", "jti-1")).isEqualTo(Consumption.ALREADY_USED);

		assertThat(this.server.onlyApproval().consumedBy()).isEqualTo("api-1");
		assertThat(this.server.audit.events()).endsWith("consumed api-1: first use",
				"replay-refused api-1: already used");
	}

	@Test
	void authenticateWhenAnotherResourceServersTokenThenUnknownAsNeverIssuedAndNotSpent() {
		assertThat(consume("api-2", "jti-1")).isEqualTo(Consumption.UNKNOWN);
		assertThat(consume("api-2", "never-issued")).isEqualTo(Consumption.UNKNOWN);

		assertThat(this.server.onlyApproval().consumedAt()).isNull();
		assertThat(this.server.audit.events()).last()
			.isEqualTo("consume-refused api-2: the resource server does not serve " + TestApprovalServer.API);
		assertThat(consume("api-1", "jti-1")).isEqualTo(Consumption.FIRST_USE);
	}

	@Test
	void authenticateWhenGrantRevokedThenNeverUsed() {
		this.server.approvals.update(this.server.onlyApproval().withRevoked(this.server.clock.instant()));

		assertThat(consume("api-1", "jti-1")).isEqualTo(Consumption.REVOKED);
		assertThat(this.server.onlyApproval().status()).isEqualTo(ApprovalStatus.REVOKED);
		assertThat(this.server.onlyApproval().consumedAt()).isNull();
	}

	@Test
	void rejectionWhenServedTokenThenAuditedAndOtherwiseIgnoredAlike() {
		int before = this.server.audit.events().size();
		assertThat(reject("api-2", "jti-1").isAuthenticated()).isTrue();
		assertThat(reject("api-1", "never-issued").isAuthenticated()).isTrue();
		assertThat(this.server.audit.events()).hasSize(before);

		reject("api-1", "jti-1");

		assertThat(this.server.audit.events()).last().isEqualTo("rejected api-1: ath: ath: not this base token");
	}

	@Test
	void rejectionWhenLongDescriptionThenOutcomeCutAt200() {
		this.rejections.authenticate(new ApprovalRejectionAuthenticationToken(this.server.resourceServer("api-1"),
				"jti-1", "parameters", "x".repeat(200)));

		assertThat(this.server.audit.events()).last()
			.satisfies((event) -> assertThat(event).startsWith("rejected api-1: parameters: xxx")
				.hasSize("rejected api-1: ".length() + 200));
	}

	private Consumption consume(String resourceServer, String jti) {
		return ((ApprovalConsumptionAuthenticationToken) this.consumption
			.authenticate(new ApprovalConsumptionAuthenticationToken(this.server.resourceServer(resourceServer), jti)))
			.getConsumption();
	}

	private ApprovalRejectionAuthenticationToken reject(String resourceServer, String jti) {
		return (ApprovalRejectionAuthenticationToken) this.rejections
			.authenticate(new ApprovalRejectionAuthenticationToken(this.server.resourceServer(resourceServer), jti,
					"ath", "ath: not this base token"));
	}

}
