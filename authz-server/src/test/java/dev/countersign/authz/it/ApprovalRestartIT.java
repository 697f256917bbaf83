package dev.countersign.authz.it;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.ApprovalPage;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.TestDatabase;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Approvals live in PostgreSQL: one asked before a restart is decided and redeemed after
 * it, with the same base token.
 */
class ApprovalRestartIT {

	@Test
	void approvalWhenServerRestartsThenStillPendingThenApprovedAndMinted() {
		String database = "--spring.datasource.url=" + TestDatabase.createDatabase();
		// a restart keeps its issuer; the port of a test server does not, so name the
		// issuer
		String issuer = "--spring.security.oauth2.authorizationserver.issuer=https://as.countersign.test";
		String baseToken;
		JsonNode created;
		try (RunningServer first = RunningServer.start("demo,it", database, issuer)) {
			baseToken = CodeFlow.accessToken(first.http(), "alice", "alice-password");
			created = new ApprovalClient(first.http(), baseToken).createTransfer();
		}
		try (RunningServer second = RunningServer.start("demo,it", database, issuer)) {
			ApprovalClient client = new ApprovalClient(second.http(), baseToken);
			String id = created.get("approval_id").asString();
			assertThat(TestHttp.json(client.status(id)).get("status").asString()).isEqualTo("pending");

			ApprovalPage.signIn(second.baseUrl, "alice", "alice-password")
				.approve(id, created.get("user_code").asString());

			assertThat(client.mint(id).statusCode()).isEqualTo(200);
			assertThat(TestHttp.json(client.status(id)).get("status").asString()).isEqualTo("issued");
		}
	}

}
