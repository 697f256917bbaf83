package dev.countersign.authz.audit;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import dev.countersign.core.audit.AuditChain;

/**
 * One row of the audit log.
 *
 * @param seq the event's number, in the order events were appended
 * @param position its place in the hash chain, from 1, once sealed; {@code null} until
 * then
 * @param occurredAt when it happened (microsecond precision, as stored)
 * @param event what happened: {@code requested}, {@code approved}, {@code denied},
 * {@code wrong-number}, {@code expired}, {@code issued}, {@code consumed},
 * {@code replay-refused}
 * @param actor who did it: a client id, a user name, or {@code system}
 * @param subject the user the approval is for
 * @param clientId the client that asked
 * @param actionType the action type
 * @param approvalId the approval
 * @param parameters the parameters as requested, canonical JSON
 * @param outcome the result of the step
 * @param prevHash the hash of the link before ({@code 0} × 64 for the first), once sealed
 * @param hash SHA-256 of {@code prevHash} and {@link #canonicalRow()}, hex, once sealed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(long seq, @Nullable Long position, @JsonProperty("occurred_at") Instant occurredAt,
		String event, String actor, @Nullable String subject, @JsonProperty("client_id") @Nullable String clientId,
		@JsonProperty("action_type") @Nullable String actionType,
		@JsonProperty("approval_id") @Nullable String approvalId, @Nullable String parameters, String outcome,
		@JsonProperty("prev_hash") @Nullable String prevHash, @Nullable String hash) {

	/**
	 * The fields the hash covers ({@link AuditChain#canonicalRow}).
	 * @return the canonical row
	 */
	public String canonicalRow() {
		return AuditChain.canonicalRow(this.seq, this.occurredAt, this.event, this.actor, this.subject, this.clientId,
				this.actionType, this.approvalId, this.parameters, this.outcome);
	}

}
