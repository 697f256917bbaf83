package dev.countersign.client;

import java.net.URI;
import java.time.Duration;

/**
 * An approval that waits for its user: what the application shows or sends them.
 *
 * @param approvalUri the page where the user decides
 * @param userCode the number the user must pick there
 * @param expiresIn how long the user has
 * @param via how it was asked: {@code approvals} ({@code POST /approvals}) or
 * {@code transaction-challenge}
 */
public record PendingApproval(URI approvalUri, String userCode, Duration expiresIn, String via) {
}
