package dev.countersign.authz.approval;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import dev.countersign.authz.approval.authentication.ApprovalRequestAuthenticationProvider;
import dev.countersign.authz.approval.authentication.ApprovalRequestAuthenticationToken;
import dev.countersign.core.StrictJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The user's side of an approval: the page shown once, number matching, the decision,
 * fresh login; and revocation with the grant.
 */
class ActionApprovalServiceTests {

	private final TestApprovalServer server = new TestApprovalServer();

	private final ActionApprovalService service = new ActionApprovalService(this.server.ledger, this.server.catalog,
			TestApprovalServer.SETTINGS);

	@Test
	void showWhenFirstShownThenTimeKeptAndAuditedOnceWithTheSameNumbers() {
		ActionApproval asked = ask("records.read", "{\"customerId\":42}");
		ApprovalUser alice = new ApprovalUser("alice", this.server.clock.instant());

		ActionApproval shown = this.service.show(asked.id(), alice);
		this.server.clock.advance(Duration.ofSeconds(3));
		ActionApproval again = this.service.show(asked.id(), alice);

		assertThat(shown.shownAt()).isEqualTo(again.shownAt()).isNotNull();
		assertThat(again.numberChoices()).isEqualTo(asked.numberChoices());
		assertThat(this.server.audit.events()).containsExactly("requested client-1: pending",
				"shown alice: approval page shown");
	}

	@Test
	void forUserWhenAnotherUserOrUnknownThenForbiddenOrNotFound() {
		ActionApproval asked = ask("records.read", "{\"customerId\":42}");

		assertThatExceptionOfType(ApprovalPageException.class)
			.isThrownBy(() -> this.service.forUser(asked.id(), new ApprovalUser("bob", null)))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(HttpStatus.FORBIDDEN));
		assertThatExceptionOfType(ApprovalPageException.class)
			.isThrownBy(() -> this.service.forUser("nope", new ApprovalUser("alice", null)))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(HttpStatus.NOT_FOUND));
	}

	@Test
	void decideWhenNumberNotMatchedThenConflictAndStillPending() {
		ActionApproval asked = ask("records.read", "{\"customerId\":42}");
		ApprovalUser alice = new ApprovalUser("alice", this.server.clock.instant());

		assertThatExceptionOfType(ApprovalPageException.class)
			.isThrownBy(() -> this.service.decide(asked.id(), alice, true))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(HttpStatus.CONFLICT));
		assertThat(this.server.onlyApproval().status()).isEqualTo(ApprovalStatus.PENDING);
	}

	@Test
	void pickNumberWhenRightThenApprovableAndTheDecisionFinal() {
		ActionApproval asked = ask("records.read", "{\"customerId\":42}");
		ApprovalUser alice = new ApprovalUser("alice", this.server.clock.instant());

		this.service.pickNumber(asked.id(), alice, asked.userCode());
		ActionApproval approved = this.service.decide(asked.id(), alice, true);

		assertThat(approved.status()).isEqualTo(ApprovalStatus.APPROVED);
		assertThat(approved.decidedBy()).isEqualTo("alice");
		assertThat(approved.acr()).isEqualTo(ActionApprovalService.PASSWORD_ACR);
		assertThat(approved.authTime()).isEqualTo(alice.authTime());
		assertThatExceptionOfType(ApprovalPageException.class)
			.isThrownBy(() -> this.service.decide(asked.id(), alice, false))
			.withMessageContaining("already approved");
	}

	@Test
	void pickNumberWhenWrongThenDeniedAfterTheAllowedAttempts() {
		ActionApproval asked = ask("records.read", "{\"customerId\":42}");
		String wrong = asked.numberChoices().stream().filter((n) -> !n.equals(asked.userCode())).findFirst().get();

		ActionApproval picked = this.service.pickNumber(asked.id(), new ApprovalUser("alice", null), wrong);

		assertThat(picked.status()).isEqualTo(ApprovalStatus.DENIED);
		assertThat(picked.failedAttempts()).isEqualTo(1);
		assertThat(this.server.audit.events()).endsWith("wrong-number alice: attempt 1 of 1",
				"denied alice: too many wrong numbers");
	}

	@Test
	void decideWhenLoginOlderThanTheTypesMaxAgeThenFreshLoginRequired() {
		ActionApproval asked = ask("accounts.close", "{\"accountId\":\"acc-1\"}");
		Instant signedIn = this.server.clock.instant().minus(Duration.ofMinutes(6));
		ApprovalUser stale = new ApprovalUser("alice", signedIn);
		this.service.pickNumber(asked.id(), stale, asked.userCode());

		assertThat(this.service.needsFreshLogin(asked, stale)).isTrue();
		assertThat(this.service.needsFreshLogin(asked, new ApprovalUser("alice", this.server.clock.instant())))
			.isFalse();
		assertThatExceptionOfType(FreshLoginRequiredException.class)
			.isThrownBy(() -> this.service.decide(asked.id(), stale, true));
		assertThat(this.server.onlyApproval().status()).isEqualTo(ApprovalStatus.PENDING);
	}

	@Test
	void revokeGrantWhenOpenOrIssuedUnusedThenRevokedAndAudited() {
		ActionApproval asked = ask("records.read", "{\"customerId\":42}");

		int revoked = this.service.revokeGrant(asked.authorizationId(), "the grant was revoked");

		assertThat(revoked).isEqualTo(1);
		assertThat(this.server.onlyApproval().status()).isEqualTo(ApprovalStatus.REVOKED);
		assertThat(this.server.audit.events()).last().isEqualTo("revoked system: the grant was revoked");
		assertThat(this.service.revokeGrant(asked.authorizationId(), "again")).isZero();
	}

	@Test
	void expireDueWhenPastLifetimeThenExpiredOnce() {
		ask("records.read", "{\"customerId\":42}");
		this.server.clock.advance(Duration.ofMinutes(5));

		assertThat(this.service.expireDue()).isEqualTo(1);
		assertThat(this.service.expireDue()).isZero();
		assertThat(this.server.onlyApproval().status()).isEqualTo(ApprovalStatus.EXPIRED);
	}

	private ActionApproval ask(String type, String parameters) {
		return ((ApprovalRequestAuthenticationToken) new ApprovalRequestAuthenticationProvider(this.server.ledger,
				this.server.catalog, this.server.clients, this.server.baseTokens, TestApprovalServer.SETTINGS)
			.authenticate(new ApprovalRequestAuthenticationToken(this.server.baseToken("alice"),
					StrictJson.read("[{\"type\":\"" + type + "\",\"parameters\":" + parameters + "}]"), null, null)))
			.getApproval();
	}

}
