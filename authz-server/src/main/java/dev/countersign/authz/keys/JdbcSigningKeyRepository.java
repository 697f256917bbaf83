package dev.countersign.authz.keys;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.util.Assert;

/**
 * A {@link SigningKeyRepository} on the {@code signing_key} table.
 */
public final class JdbcSigningKeyRepository implements SigningKeyRepository {

	private static final String COLUMNS = "kid, algorithm, public_jwk, encrypted_private_key, created_at, activates_at, retires_at";

	private static final String SELECT_ALL = "SELECT " + COLUMNS
			+ " FROM signing_key ORDER BY activates_at DESC, created_at DESC";

	private static final String SELECT_SERVED = "SELECT " + COLUMNS
			+ " FROM signing_key WHERE retires_at IS NULL OR retires_at > ? ORDER BY activates_at DESC, created_at DESC";

	private static final String INSERT = "INSERT INTO signing_key (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";

	private static final String RETIRE_ALL_EXCEPT = "UPDATE signing_key SET retires_at = ? WHERE retires_at IS NULL AND kid <> ?";

	private static final String LOCK = "LOCK TABLE signing_key IN SHARE ROW EXCLUSIVE MODE";

	private final JdbcOperations jdbc;

	private RowMapper<StoredSigningKey> rowMapper = JdbcSigningKeyRepository::mapRow;

	public JdbcSigningKeyRepository(JdbcOperations jdbc) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
	}

	/**
	 * Replaces the mapping of a row to a key.
	 * @param rowMapper the mapper
	 */
	public void setRowMapper(RowMapper<StoredSigningKey> rowMapper) {
		Assert.notNull(rowMapper, "rowMapper cannot be null");
		this.rowMapper = rowMapper;
	}

	@Override
	public List<StoredSigningKey> findAll() {
		return this.jdbc.query(SELECT_ALL, this.rowMapper);
	}

	@Override
	public List<StoredSigningKey> findServedAt(Instant now) {
		return this.jdbc.query(SELECT_SERVED, this.rowMapper, Timestamp.from(now));
	}

	@Override
	public void insert(StoredSigningKey key) {
		Assert.notNull(key, "key cannot be null");
		this.jdbc.update(INSERT, key.kid(), key.algorithm(), key.publicJwk(), key.encryptedPrivateKey(),
				Timestamp.from(key.createdAt()), Timestamp.from(key.activatesAt()), timestamp(key.retiresAt()));
	}

	@Override
	public int retireAllExcept(String exceptKid, Instant retiresAt) {
		return this.jdbc.update(RETIRE_ALL_EXCEPT, Timestamp.from(retiresAt), exceptKid);
	}

	@Override
	public void lockForChange() {
		this.jdbc.execute(LOCK);
	}

	private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private static StoredSigningKey mapRow(ResultSet rs, int rowNum) throws SQLException {
		Timestamp retiresAt = rs.getTimestamp("retires_at");
		return new StoredSigningKey(rs.getString("kid"), rs.getString("algorithm"), rs.getString("public_jwk"),
				rs.getBytes("encrypted_private_key"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("activates_at").toInstant(), (retiresAt != null) ? retiresAt.toInstant() : null);
	}

}
