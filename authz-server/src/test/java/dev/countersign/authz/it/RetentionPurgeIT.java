package dev.countersign.authz.it;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.countersign.authz.retention.RetentionPurge;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention purge on the test PostgreSQL: what ended past its retention goes (an
 * authorization whose tokens expired a week ago, approvals that ended a month ago with
 * their CIBA rows, delivered notifications, rotated refresh tokens past their expiry),
 * what is open or recent stays, and two purges at once remove everything once.
 */
class RetentionPurgeIT extends AbstractAuthorizationServerIT {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RetentionPurge purge;

	@Test
	void purgeWhenEndedPastRetentionThenGoneOnceAndTheRestKept() throws Exception {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		authorization("old-" + tag, "now() - interval '8 days'");
		authorization("fresh-" + tag, "now() + interval '1 hour'");
		approval("denied-" + tag, "denied", "decided_at", "now() - interval '31 days'");
		approval("issued-" + tag, "issued", "token_expires_at", "now() - interval '31 days'");
		this.jdbc.update("INSERT INTO backchannel_request (approval_id, auth_req_id, client_id, scope, delivery_mode) "
				+ "VALUES (?, ?, 'demo-agent', 'openid', 'poll')", "issued-" + tag, "req-" + tag);
		approval("pending-" + tag, "pending", "last_polled_at", "now() - interval '31 days'");
		approval("recent-" + tag, "denied", "decided_at", "now() - interval '1 day'");
		notification("denied-" + tag, "now() - interval '8 days'");
		notification("pending-" + tag, null);
		this.jdbc.update("INSERT INTO rotated_refresh_token (token_hash, authorization_id, rotated_at, expires_at) "
				+ "VALUES (?, 'x', now() - interval '2 days', now() - interval '1 day')", "hash-" + tag);

		ExecutorService pool = Executors.newFixedThreadPool(2);
		List<RetentionPurge.Result> results = new ArrayList<>();
		try {
			Callable<RetentionPurge.Result> once = () -> this.purge.purge();
			List<Future<RetentionPurge.Result>> runs = List.of(pool.submit(once), pool.submit(once));
			for (Future<RetentionPurge.Result> run : runs) {
				RetentionPurge.Result result = run.get();
				if (result != null) {
					results.add(result);
				}
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(results).isNotEmpty();
		assertThat(results.stream().mapToLong(RetentionPurge.Result::authorizations).sum()).isEqualTo(1);
		assertThat(results.stream().mapToLong(RetentionPurge.Result::approvals).sum()).isEqualTo(2);
		assertThat(results.stream().mapToLong(RetentionPurge.Result::notifications).sum()).isEqualTo(1);
		assertThat(results.stream().mapToLong(RetentionPurge.Result::rotatedRefreshTokens).sum())
			.isGreaterThanOrEqualTo(1);
		assertThat(ids("SELECT id FROM oauth2_authorization WHERE id LIKE ?", tag)).containsExactly("fresh-" + tag);
		assertThat(ids("SELECT id FROM action_approval WHERE id LIKE ?", tag))
			.containsExactlyInAnyOrder("pending-" + tag, "recent-" + tag);
		assertThat(ids("SELECT approval_id FROM backchannel_request WHERE approval_id LIKE ?", tag)).isEmpty();
		assertThat(ids("SELECT approval_id FROM notification_outbox WHERE approval_id LIKE ?", tag))
			.containsExactly("pending-" + tag);
		assertThat(this.jdbc.queryForList(
				"SELECT outcome FROM audit_event WHERE event = 'retention-purged' " + "ORDER BY seq DESC LIMIT 1",
				String.class))
			.singleElement()
			.asString()
			.contains("1 authorizations, 2 approvals, 1 notifications");
	}

	private void authorization(String id, String accessTokenExpiry) {
		this.jdbc.update("INSERT INTO oauth2_authorization (id, registered_client_id, principal_name, "
				+ "authorization_grant_type, access_token_value, access_token_issued_at, access_token_expires_at) "
				+ "VALUES (?, 'x', 'retention', 'client_credentials', 'value', now() - interval '9 days', "
				+ accessTokenExpiry + ")", id);
	}

	private void approval(String id, String status, String column, String at) {
		this.jdbc.update(
				"INSERT INTO action_approval (id, client_id, subject, action_type, resource, "
						+ "authorization_detail, user_code, status, created_at, expires_at, " + column + ") VALUES (?, "
						+ "'demo-client', 'retention', 'payments.transfer', 'http://localhost:8080', '{}', '12', ?, "
						+ "now() - interval '40 days', "
						+ (status.equals("pending") ? "now() + interval '1 minute'" : at) + ", " + at + ")",
				id, status);
	}

	private void notification(String approvalId, String deliveredAt) {
		this.jdbc.update("INSERT INTO notification_outbox (channel, approval_id, recipient, payload, created_at, "
				+ "next_attempt_at, delivered_at) VALUES ('webhook', ?, 'http://127.0.0.1:1/hook', '{}', "
				+ "now() - interval '9 days', now() - interval '9 days', "
				+ ((deliveredAt != null) ? deliveredAt : "NULL") + ")", approvalId);
	}

	private List<String> ids(String query, String tag) {
		return this.jdbc.queryForList(query, String.class, "%-" + tag);
	}

}
