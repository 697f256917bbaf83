package dev.countersign.authz.approval;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.util.Assert;

/**
 * The transaction authorizations of approvals, on PostgreSQL
 * ({@code transaction_authorization}).
 */
public final class TransactionAuthorizations {

	private static final String COLUMNS = "approval_id, transaction_authorization_id, client_id, challenge_issuer, "
			+ "challenge_jti, challenge_expires_at, txn";

	private static final String INSERT = "INSERT INTO transaction_authorization (" + COLUMNS
			+ ") VALUES (?, ?, ?, ?, ?, ?, ?)";

	private static final String BY_ID = "SELECT " + COLUMNS
			+ " FROM transaction_authorization WHERE transaction_authorization_id = ?";

	private static final String USED = "SELECT count(*) FROM transaction_authorization WHERE challenge_issuer = ? "
			+ "AND challenge_jti = ?";

	private final JdbcOperations jdbc;

	public TransactionAuthorizations(JdbcOperations jdbc) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
	}

	/**
	 * Stores a transaction authorization, in the caller's transaction.
	 * @param authorization the authorization
	 * @throws org.springframework.dao.DuplicateKeyException when its challenge was used
	 * before
	 */
	public void insert(TransactionAuthorization authorization) {
		this.jdbc.update(INSERT, authorization.approvalId(), authorization.transactionAuthorizationId(),
				authorization.clientId(), authorization.challengeIssuer(), authorization.challengeJti(),
				Timestamp.from(authorization.challengeExpiresAt()), authorization.txn());
	}

	public @Nullable TransactionAuthorization findById(String transactionAuthorizationId) {
		List<TransactionAuthorization> rows = this.jdbc.query(BY_ID, TransactionAuthorizations::mapRow,
				transactionAuthorizationId);
		return rows.isEmpty() ? null : rows.get(0);
	}

	/**
	 * Whether a challenge was presented before.
	 * @param issuer its issuer
	 * @param jti its {@code jti}
	 * @return {@code true} when it was
	 */
	public boolean used(String issuer, String jti) {
		Integer count = this.jdbc.queryForObject(USED, Integer.class, issuer, jti);
		return count != null && count > 0;
	}

	private static TransactionAuthorization mapRow(ResultSet rs, int row) throws SQLException {
		return new TransactionAuthorization(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
				rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getString(7));
	}

}
