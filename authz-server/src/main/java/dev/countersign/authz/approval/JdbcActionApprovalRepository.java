package dev.countersign.authz.approval;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.util.Assert;

import dev.countersign.core.AuthorizationDetail;
import dev.countersign.core.StrictJson;

/**
 * An {@link ActionApprovalRepository} on the {@code action_approval} table of PostgreSQL.
 */
public final class JdbcActionApprovalRepository implements ActionApprovalRepository {

	private static final String COLUMNS = "id, client_id, subject, action_type, resource, authorization_detail, "
			+ "binding_message, base_token_hash, authorization_id, user_code, number_choices, status, failed_attempts, "
			+ "number_matched_at, created_at, expires_at, shown_at, decided_at, decided_by, acr, auth_time, "
			+ "last_polled_at, token_jti, token_issued_at, token_expires_at, consumed_at, consumed_by, revoked_at, "
			+ "subject_issuer";

	private static final String INSERT = "INSERT INTO action_approval (" + COLUMNS
			+ ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String SELECT_BY_ID = "SELECT " + COLUMNS + " FROM action_approval WHERE id = ?";

	private static final String SELECT_BY_ID_FOR_UPDATE = SELECT_BY_ID + " FOR UPDATE";

	private static final String SELECT_BY_JTI = "SELECT " + COLUMNS + " FROM action_approval WHERE token_jti = ?";

	private static final String UPDATE = "UPDATE action_approval SET status = ?, number_choices = ?, failed_attempts = ?, "
			+ "number_matched_at = ?, shown_at = ?, decided_at = ?, decided_by = ?, acr = ?, auth_time = ?, "
			+ "last_polled_at = ?, token_jti = ?, token_issued_at = ?, token_expires_at = ?, revoked_at = ? WHERE id = ?";

	private static final String SELECT_REVOCABLE_BY_AUTHORIZATION = "SELECT id FROM action_approval "
			+ "WHERE authorization_id = ? AND status IN ('pending', 'approved', 'issued') AND consumed_at IS NULL";

	private static final String SELECT_REVOCABLE_BY_BASE_TOKEN = "SELECT id FROM action_approval "
			+ "WHERE base_token_hash = ? AND status IN ('pending', 'approved', 'issued') AND consumed_at IS NULL";

	private static final String LOCK_SUBJECT = "SELECT pg_advisory_xact_lock(hashtextextended('approval-subject:' || ?, 0))";

	private static final String OPEN_EXPIRIES = "SELECT expires_at FROM action_approval WHERE subject = ? AND subject_issuer IS NOT DISTINCT FROM ? "
			+ "AND status IN ('pending', 'approved') AND expires_at > ? ORDER BY expires_at";

	private static final String CREATED_SINCE = "SELECT created_at FROM action_approval WHERE subject = ? AND subject_issuer IS NOT DISTINCT FROM ? "
			+ "AND created_at > ? ORDER BY created_at";

	private static final String SELECT_DUE = "SELECT id FROM action_approval WHERE status IN ('pending', 'approved') "
			+ "AND expires_at <= ? ORDER BY expires_at LIMIT ?";

	private static final String SELECT_PENDING = "SELECT " + COLUMNS + " FROM action_approval "
			+ "WHERE ((subject = ? AND subject_issuer IS NOT DISTINCT FROM ?) OR (subject = ? AND subject_issuer IS NULL)) "
			+ "AND status = 'pending' AND expires_at > ? ORDER BY created_at DESC LIMIT ?";

	private static final String SELECT_BY_JTI_FOR_UPDATE = SELECT_BY_JTI + " FOR UPDATE";

	private static final String MARK_CONSUMED = "UPDATE action_approval SET consumed_at = ?, consumed_by = ? "
			+ "WHERE id = ? AND consumed_at IS NULL";

	private final JdbcOperations jdbc;

	private RowMapper<ActionApproval> rowMapper = JdbcActionApprovalRepository::mapRow;

	public JdbcActionApprovalRepository(JdbcOperations jdbc) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
	}

	/**
	 * Replaces the mapping of a row to an approval.
	 * @param rowMapper the mapper
	 */
	public void setRowMapper(RowMapper<ActionApproval> rowMapper) {
		Assert.notNull(rowMapper, "rowMapper cannot be null");
		this.rowMapper = rowMapper;
	}

	@Override
	public void insert(ActionApproval a) {
		this.jdbc.update(INSERT, a.id(), a.clientId(), a.subject(), a.actionType(), a.resource(), a.detail().toJson(),
				a.bindingMessage(), a.baseTokenHash(), a.authorizationId(), a.userCode(), choices(a.numberChoices()),
				a.status().value(), a.failedAttempts(), ts(a.numberMatchedAt()), ts(a.createdAt()), ts(a.expiresAt()),
				ts(a.shownAt()), ts(a.decidedAt()), a.decidedBy(), a.acr(), ts(a.authTime()), ts(a.lastPolledAt()),
				a.tokenJti(), ts(a.tokenIssuedAt()), ts(a.tokenExpiresAt()), ts(a.consumedAt()), a.consumedBy(),
				ts(a.revokedAt()), a.subjectIssuer());
	}

	@Override
	public @Nullable ActionApproval findByIdForUpdate(String id) {
		return single(this.jdbc.query(SELECT_BY_ID_FOR_UPDATE, this.rowMapper, id));
	}

	@Override
	public @Nullable ActionApproval findById(String id) {
		return single(this.jdbc.query(SELECT_BY_ID, this.rowMapper, id));
	}

	@Override
	public @Nullable ActionApproval findByTokenJti(String jti) {
		return single(this.jdbc.query(SELECT_BY_JTI, this.rowMapper, jti));
	}

	@Override
	public void update(ActionApproval a) {
		int rows = this.jdbc.update(UPDATE, a.status().value(), choices(a.numberChoices()), a.failedAttempts(),
				ts(a.numberMatchedAt()), ts(a.shownAt()), ts(a.decidedAt()), a.decidedBy(), a.acr(), ts(a.authTime()),
				ts(a.lastPolledAt()), a.tokenJti(), ts(a.tokenIssuedAt()), ts(a.tokenExpiresAt()), ts(a.revokedAt()),
				a.id());
		Assert.state(rows == 1, "approval to update not found");
	}

	@Override
	public void lockSubject(String subject) {
		this.jdbc.query(LOCK_SUBJECT, (RowCallbackHandler) (rs) -> {
		}, subject);
	}

	@Override
	public List<Instant> openExpiries(@Nullable String issuer, String subject, Instant now) {
		return this.jdbc.query(OPEN_EXPIRIES, (rs, n) -> rs.getTimestamp(1).toInstant(), subject, issuer,
				Timestamp.from(now));
	}

	@Override
	public List<Instant> createdSince(@Nullable String issuer, String subject, Instant since) {
		return this.jdbc.query(CREATED_SINCE, (rs, n) -> rs.getTimestamp(1).toInstant(), subject, issuer,
				Timestamp.from(since));
	}

	@Override
	public List<String> findDue(Instant now, int limit) {
		return this.jdbc.query(SELECT_DUE, (rs, n) -> rs.getString(1), Timestamp.from(now), limit);
	}

	@Override
	public List<ActionApproval> findPending(@Nullable String issuer, String subject, Instant now, int limit) {
		return this.jdbc.query(SELECT_PENDING, this.rowMapper, subject, issuer, ActionApproval.qualify(issuer, subject),
				Timestamp.from(now), limit);
	}

	@Override
	public @Nullable ActionApproval findByTokenJtiForUpdate(String jti) {
		return single(this.jdbc.query(SELECT_BY_JTI_FOR_UPDATE, this.rowMapper, jti));
	}

	@Override
	public void markConsumed(String id, String consumer, Instant now) {
		int rows = this.jdbc.update(MARK_CONSUMED, Timestamp.from(now), consumer, id);
		Assert.state(rows == 1, "approval to mark consumed not found or already consumed");
	}

	@Override
	public List<String> findRevocableByAuthorization(String authorizationId) {
		return this.jdbc.query(SELECT_REVOCABLE_BY_AUTHORIZATION, (rs, n) -> rs.getString(1), authorizationId);
	}

	@Override
	public List<String> findRevocableByBaseToken(String baseTokenHash) {
		return this.jdbc.query(SELECT_REVOCABLE_BY_BASE_TOKEN, (rs, n) -> rs.getString(1), baseTokenHash);
	}

	private static @Nullable String choices(List<String> choices) {
		return choices.isEmpty() ? null : String.join(" ", choices);
	}

	private static @Nullable ActionApproval single(List<ActionApproval> rows) {
		return rows.isEmpty() ? null : rows.get(0);
	}

	private static @Nullable Timestamp ts(@Nullable Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private static Instant required(ResultSet rs, String column) throws SQLException {
		return Objects.requireNonNull(instant(rs, column), () -> column + " is never null");
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private static AuthorizationDetail detail(String json) {
		return AuthorizationDetail.read(StrictJson.read(json));
	}

	private static ActionApproval mapRow(ResultSet rs, int rowNum) throws SQLException {
		String choices = rs.getString("number_choices");
		return new ActionApproval(rs.getString("id"), rs.getString("client_id"), rs.getString("subject"),
				rs.getString("action_type"), rs.getString("resource"), detail(rs.getString("authorization_detail")),
				rs.getString("binding_message"), rs.getString("base_token_hash"), rs.getString("authorization_id"),
				rs.getString("user_code"), (choices != null) ? List.of(choices.split(" ")) : List.of(),
				ApprovalStatus.of(rs.getString("status")), rs.getInt("failed_attempts"),
				instant(rs, "number_matched_at"), required(rs, "created_at"), required(rs, "expires_at"),
				instant(rs, "shown_at"), instant(rs, "decided_at"), rs.getString("decided_by"), rs.getString("acr"),
				instant(rs, "auth_time"), instant(rs, "last_polled_at"), rs.getString("token_jti"),
				instant(rs, "token_issued_at"), instant(rs, "token_expires_at"), instant(rs, "consumed_at"),
				rs.getString("consumed_by"), instant(rs, "revoked_at"), rs.getString("subject_issuer"));
	}

}
