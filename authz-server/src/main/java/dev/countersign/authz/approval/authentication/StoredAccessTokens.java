package dev.countersign.authz.approval.authentication;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.StrictJson;

/**
 * What the base-token check reads of the authorization that issued an access token of
 * this server: its id, its grant type and whether the access token is still active.
 */
@FunctionalInterface
public interface StoredAccessTokens {

	/**
	 * The stored access token with this value.
	 * @param tokenValue the access token
	 * @return it, or {@code null} when no authorization holds it
	 */
	@Nullable StoredAccessToken find(String tokenValue);

	/**
	 * Through the authorization service: the whole authorization read and parsed.
	 * @param authorizations the authorization service
	 * @return the look-up
	 */
	static StoredAccessTokens of(OAuth2AuthorizationService authorizations) {
		Assert.notNull(authorizations, "authorizations cannot be null");
		return (tokenValue) -> {
			OAuth2Authorization authorization = authorizations.findByToken(tokenValue, OAuth2TokenType.ACCESS_TOKEN);
			OAuth2Authorization.Token<OAuth2AccessToken> token = (authorization != null)
					? authorization.getAccessToken() : null;
			if (authorization == null || token == null) {
				return null;
			}
			return new StoredAccessToken(authorization.getId(), authorization.getAuthorizationGrantType().getValue(),
					token.getToken().getExpiresAt(), token.isInvalidated());
		};
	}

	/**
	 * From Spring Authorization Server's {@code oauth2_authorization} table, reading only
	 * the columns the check needs: the row's attributes and its other tokens, whose
	 * polymorphic JSON costs a quarter of an approval flow's CPU, are not parsed. The
	 * access token's metadata is read for {@code metadata.token.invalidated}, which the
	 * service sets on revocation; metadata that cannot be read counts as revoked.
	 * @param jdbc the authorization server's database
	 * @return the look-up
	 */
	static StoredAccessTokens jdbc(JdbcOperations jdbc) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		return (tokenValue) -> {
			List<StoredAccessToken> rows = jdbc.query(Jdbc.FIND, Jdbc::map, tokenValue);
			// one authorization per access token; anything else is not trusted
			return (rows.size() == 1) ? rows.get(0) : null;
		};
	}

	/**
	 * An access token as stored.
	 *
	 * @param authorizationId the authorization's id
	 * @param grantType the authorization's grant type
	 * @param expiresAt when the access token expires, {@code null} when unknown
	 * @param invalidated whether it was revoked
	 */
	record StoredAccessToken(String authorizationId, String grantType, @Nullable Instant expiresAt,
			boolean invalidated) {

		/**
		 * Whether the token may still be used, as {@code OAuth2Authorization.Token}
		 * decides it (the decoder checked its {@code nbf}).
		 * @param now the time
		 * @return {@code true} when not revoked and not expired
		 */
		boolean isActive(Instant now) {
			return !this.invalidated && this.expiresAt != null && !now.isAfter(this.expiresAt);
		}

	}

	/**
	 * The SQL of {@link #jdbc(JdbcOperations)}.
	 */
	final class Jdbc {

		static final String FIND = "SELECT id, authorization_grant_type, access_token_expires_at, access_token_metadata "
				+ "FROM oauth2_authorization WHERE access_token_value = ?";

		static final String INVALIDATED = OAuth2Authorization.Token.INVALIDATED_METADATA_NAME;

		private Jdbc() {
		}

		static StoredAccessToken map(ResultSet row, int number) throws SQLException {
			Timestamp expiresAt = row.getTimestamp("access_token_expires_at");
			return new StoredAccessToken(row.getString("id"), row.getString("authorization_grant_type"),
					(expiresAt != null) ? expiresAt.toInstant() : null,
					invalidated(row.getString("access_token_metadata")));
		}

		private static boolean invalidated(@Nullable String metadata) {
			if (metadata == null) {
				return true;
			}
			try {
				JsonNode flag = StrictJson.read(metadata).get(INVALIDATED);
				return flag == null || !flag.isBoolean() || flag.booleanValue();
			}
			catch (IllegalArgumentException ex) {
				return true;
			}
		}

	}

}
