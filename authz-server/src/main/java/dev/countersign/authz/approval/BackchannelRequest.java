package dev.countersign.authz.approval;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What an OpenID CIBA request adds to its approval.
 *
 * @param approvalId the approval
 * @param authReqId the {@code auth_req_id} the client redeems at the token endpoint
 * @param clientId the client that asked
 * @param scope the scopes it asked for, in its order
 * @param deliveryMode {@code poll} or {@code ping}
 * @param clientNotificationToken the bearer token of the ping, or {@code null}
 */
public record BackchannelRequest(String approvalId, String authReqId, String clientId, Set<String> scope,
		String deliveryMode, @Nullable String clientNotificationToken) {

	public BackchannelRequest {
		scope = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(scope));
	}

	/**
	 * Whether the client is notified when the user decides.
	 * @return {@code true} in ping mode
	 */
	public boolean ping() {
		return "ping".equals(this.deliveryMode);
	}

	@Override
	public String toString() {
		// auth_req_id and the notification token are credentials: never shown
		return "BackchannelRequest[approval " + this.approvalId + ", " + this.clientId + ", " + this.deliveryMode + "]";
	}

}
