package dev.countersign.authz.approval;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The signed-in person on the approval page: a user of this server (password sign-in), or
 * a subject of a trusted issuer signed in there.
 *
 * @param username the user name, or the subject at the trusted issuer
 * @param authTime when the person signed in, or {@code null} when unknown
 * @param issuer the trusted issuer the person signed in at, or {@code null} for this
 * server
 * @param acr how the person authenticated: {@link ActionApprovalService#PASSWORD_ACR}
 * here, the ID token's {@code acr} at a trusted issuer ({@code null} when it sent none)
 */
public record ApprovalUser(String username, @Nullable Instant authTime, @Nullable String issuer, @Nullable String acr) {

	/**
	 * A user of this server, signed in with a password.
	 * @param username the user name
	 * @param authTime when the user signed in, or {@code null} when unknown
	 */
	public ApprovalUser(String username, @Nullable Instant authTime) {
		this(username, authTime, null, ActionApprovalService.PASSWORD_ACR);
	}

	/**
	 * The person as the audit log names them.
	 * @return the user name, or {@code issuer#subject}
	 */
	public String qualified() {
		return ActionApproval.qualify(this.issuer, this.username);
	}

}
