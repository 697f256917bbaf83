package dev.countersign.authz.token;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.util.Assert;

import dev.countersign.core.AccessTokenHash;

/**
 * The refresh tokens replaced by rotation, on the {@code rotated_refresh_token} table,
 * kept as SHA-256 hashes (never the token) until they would have expired.
 */
public final class RotatedRefreshTokens {

	private static final String INSERT = "INSERT INTO rotated_refresh_token (token_hash, authorization_id, rotated_at, "
			+ "expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (token_hash) DO NOTHING";

	private static final String SELECT = "SELECT authorization_id FROM rotated_refresh_token WHERE token_hash = ? "
			+ "AND expires_at > ?";

	private static final String PURGE = "DELETE FROM rotated_refresh_token WHERE expires_at <= ?";

	private final JdbcOperations jdbc;

	public RotatedRefreshTokens(JdbcOperations jdbc) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
	}

	/**
	 * Remembers a refresh token that rotation replaced, and forgets those past their
	 * expiry.
	 * @param token the replaced refresh token
	 * @param authorizationId its authorization (grant)
	 * @param now the time
	 * @param expiresAt until when to remember it
	 */
	public void remember(String token, String authorizationId, Instant now, Instant expiresAt) {
		this.jdbc.update(PURGE, Timestamp.from(now));
		this.jdbc.update(INSERT, AccessTokenHash.of(token), authorizationId, Timestamp.from(now),
				Timestamp.from(expiresAt));
	}

	/**
	 * The grant a replaced refresh token belonged to.
	 * @param token a refresh token presented at the token endpoint
	 * @param now the time
	 * @return the authorization id, or {@code null} when the token was never replaced
	 */
	public @Nullable String grantOf(String token, Instant now) {
		List<String> ids = this.jdbc.query(SELECT, (rs, n) -> rs.getString(1), AccessTokenHash.of(token),
				Timestamp.from(now));
		return ids.isEmpty() ? null : ids.get(0);
	}

}
