package dev.countersign.authz.approval;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The OpenID CIBA requests of approvals, on PostgreSQL ({@code backchannel_request}).
 */
public final class BackchannelRequests {

	private static final String COLUMNS = "approval_id, auth_req_id, client_id, scope, delivery_mode, "
			+ "client_notification_token";

	private static final String INSERT = "INSERT INTO backchannel_request (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";

	private static final String BY_AUTH_REQ_ID = "SELECT " + COLUMNS
			+ " FROM backchannel_request WHERE auth_req_id = ?";

	private static final String BY_APPROVAL = "SELECT " + COLUMNS + " FROM backchannel_request WHERE approval_id = ?";

	private final JdbcOperations jdbc;

	public BackchannelRequests(JdbcOperations jdbc) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
	}

	public void insert(BackchannelRequest request) {
		this.jdbc.update(INSERT, request.approvalId(), request.authReqId(), request.clientId(),
				String.join(" ", request.scope()), request.deliveryMode(), request.clientNotificationToken());
	}

	public @Nullable BackchannelRequest findByAuthReqId(String authReqId) {
		return single(this.jdbc.query(BY_AUTH_REQ_ID, BackchannelRequests::mapRow, authReqId));
	}

	public @Nullable BackchannelRequest findByApproval(String approvalId) {
		return single(this.jdbc.query(BY_APPROVAL, BackchannelRequests::mapRow, approvalId));
	}

	private static @Nullable BackchannelRequest single(List<BackchannelRequest> rows) {
		return rows.isEmpty() ? null : rows.get(0);
	}

	private static BackchannelRequest mapRow(ResultSet rs, int row) throws SQLException {
		return new BackchannelRequest(rs.getString(1), rs.getString(2), rs.getString(3),
				new LinkedHashSet<>(List.of(StringUtils.tokenizeToStringArray(rs.getString(4), " "))), rs.getString(5),
				rs.getString(6));
	}

}
