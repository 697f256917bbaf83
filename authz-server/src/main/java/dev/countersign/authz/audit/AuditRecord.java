package dev.countersign.authz.audit;

import org.jspecify.annotations.Nullable;

/**
 * What a caller asks the audit log to append; the log adds the time, position and hashes.
 *
 * @param event what happened
 * @param actor who did it
 * @param subject the user the approval is for
 * @param clientId the client that asked
 * @param actionType the action type
 * @param approvalId the approval
 * @param parameters the parameters as requested, canonical JSON
 * @param outcome the result of the step
 */
public record AuditRecord(String event, String actor, @Nullable String subject, @Nullable String clientId,
		@Nullable String actionType, @Nullable String approvalId, @Nullable String parameters, String outcome) {
}
