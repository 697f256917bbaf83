package dev.countersign.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Grows a Countersign database to a given number of rows in each of
 * {@code oauth2_authorization}, {@code action_approval} and {@code audit_event}, by
 * copies of the rows real flows wrote (so rows are as wide as real ones), with unique
 * token values, ids and {@code jti}s, spread over 10,000 users and the last day;
 * retention would keep them all. The copied audit events are sealed into the chain by the
 * server's own sealer, so the chain verifies afterwards as it would in production.
 */
final class Growth {

	private static final int CHUNK = 100_000;

	private static final String SHIFT = " - (s.n * interval '50 milliseconds')";

	private Growth() {
	}

	static Map<String, Long> grow(ServerLoad.Server server, int rows) {
		JdbcTemplate jdbc = server.jdbc();
		copy(jdbc, "oauth2_authorization", "access_token_value IS NOT NULL", rows,
				Map.of("id", "'grow-' || s.n", "principal_name", "'grow-user-' || (s.n % 10000)", "state", "NULL"),
				List.of("authorization_code_value", "access_token_value", "refresh_token_value", "oidc_id_token_value"),
				List.of("authorization_code_issued_at", "authorization_code_expires_at", "access_token_issued_at",
						"access_token_expires_at", "oidc_id_token_issued_at", "oidc_id_token_expires_at",
						"refresh_token_issued_at", "refresh_token_expires_at"));
		copy(jdbc, "action_approval", "token_jti IS NOT NULL AND consumed_at IS NOT NULL", rows,
				Map.of("id", "'grow-' || s.n", "subject", "'grow-user-' || (s.n % 10000)", "token_jti",
						"'grow-' || s.n", "authorization_id", "NULL"),
				List.of(), List.of("created_at", "expires_at", "number_matched_at", "shown_at", "decided_at",
						"auth_time", "token_issued_at", "token_expires_at", "consumed_at", "last_polled_at"));
		long sealedBefore = count(jdbc, "SELECT count(*) FROM audit_seal");
		Long lastSeq = jdbc.queryForObject("SELECT max(seq) FROM audit_event", Long.class);
		copy(jdbc, "audit_event", "seq <= " + lastSeq, rows, Map.of("seq", "nextval('audit_event_seq_seq')", "subject",
				"'grow-user-' || (s.n % 10000)", "approval_id", "'grow-' || (s.n / 5)"), List.of(),
				List.of("occurred_at"));
		jdbc.update("INSERT INTO audit_unsealed (seq) SELECT seq FROM audit_event WHERE seq > ?", lastSeq);
		long sealing = System.nanoTime();
		server.sealAll();
		double sealSeconds = (System.nanoTime() - sealing) / 1e9;
		long sealed = count(jdbc, "SELECT count(*) FROM audit_seal") - sealedBefore;
		jdbc.execute("VACUUM ANALYZE");
		Map<String, Long> counts = new LinkedHashMap<>();
		for (String table : List.of("oauth2_authorization", "action_approval", "audit_event")) {
			counts.put(table, count(jdbc, "SELECT count(*) FROM " + table));
		}
		counts.put("audit events sealed after the copy", sealed);
		counts.put("sealed per second", Math.round(sealed / sealSeconds));
		return counts;
	}

	private static long count(JdbcTemplate jdbc, String sql) {
		return Objects.requireNonNull(jdbc.queryForObject(sql, Long.class), sql);
	}

	/**
	 * Copies the template rows until the table holds {@code rows} more.
	 * @param jdbc the database
	 * @param table the table
	 * @param template which rows to copy
	 * @param rows how many to add
	 * @param overrides the value of a column, by an expression over the copy number
	 * {@code s.n}
	 * @param unique columns made unique by prefixing the copy number
	 * @param shifted time columns moved back by 50 ms per copy
	 */
	private static void copy(JdbcTemplate jdbc, String table, String template, int rows, Map<String, String> overrides,
			List<String> unique, List<String> shifted) {
		List<String> columns = jdbc.queryForList(
				"SELECT column_name FROM information_schema.columns "
						+ "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
				String.class, table);
		String values = columns.stream().map((column) -> {
			if (overrides.containsKey(column)) {
				return overrides.get(column);
			}
			if (unique.contains(column)) {
				return "s.n || '.' || s." + column;
			}
			if (shifted.contains(column)) {
				return "s." + column + SHIFT;
			}
			return "s." + column;
		}).collect(Collectors.joining(", "));
		long templates = count(jdbc, "SELECT count(*) FROM " + table + " WHERE " + template);
		if (templates == 0) {
			throw new IllegalStateException("no row of " + table + " to copy (" + template + ")");
		}
		for (long done = 0; done < rows; done += CHUNK) {
			long chunk = Math.min(CHUNK, rows - done);
			// copy number n = done + 1 ... done + chunk, each of a template row in turn
			jdbc.update("INSERT INTO " + table + " (" + String.join(", ", columns) + ") SELECT " + values
					+ " FROM (SELECT g.n, t.* FROM generate_series(" + (done + 1) + ", " + (done + chunk)
					+ ") AS g(n) JOIN (SELECT row_number() OVER () - 1 AS k, x.* FROM " + table + " x WHERE " + template
					+ ") t ON t.k = g.n % " + templates + ") s");
		}
	}

}
