package dev.countersign.authz.it;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.ApprovalPage;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox {@code GET /my/approvals}: the signed-in user's pending approvals, newest
 * first, each linking to its approval page; nobody else's; a page that refreshes itself.
 */
class InboxIT extends AbstractApprovalIT {

	@Override
	String userPrefix() {
		return "inbox";
	}

	@Test
	void inboxWhenTwoPendingThenNewestFirstWithLinksAndNothingOfOthers() {
		String first = this.client.createTransfer().get("approval_id").asString();
		String secondId = TestHttp.json(this.client.create(ApprovalClient.TRANSFER)).get("approval_id").asString();
		ApprovalPage page = ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD);

		HttpResponse<String> inbox = page.http.get("/my/approvals", "Accept", "text/html");

		assertThat(inbox.statusCode()).isEqualTo(200);
		assertThat(inbox.body()).contains("http-equiv=\"refresh\"")
			.contains("href=\"/approve/" + first + "\"")
			.contains("href=\"/approve/" + secondId + "\"")
			.contains("Demo client");
		assertThat(inbox.body().indexOf("/approve/" + secondId)).isLessThan(inbox.body().indexOf("/approve/" + first));

		String other = TestUsers.create(this.users, "inbox-other");
		HttpResponse<String> theirs = ApprovalPage.signIn(ISSUER, other, TestUsers.PASSWORD).http.get("/my/approvals",
				"Accept", "text/html");
		assertThat(theirs.body()).contains("Nothing waits for your approval").doesNotContain("/approve/" + first);
	}

	@Test
	void inboxWhenNotSignedInThenTheSignIn() {
		HttpResponse<String> response = this.http.get("/my/approvals", "Accept", "text/html");

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/login");
	}

}
