package dev.countersign.authz.approval;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The signed-in user on the approval page.
 *
 * @param username the user name
 * @param authTime when the user signed in, or {@code null} when unknown
 */
public record ApprovalUser(String username, @Nullable Instant authTime) {
}
