/**
 * Reaching the user of a decoupled approval, and the client of a ping-mode CIBA request:
 * notifications written to a PostgreSQL outbox in the approval's own transaction and
 * delivered after commit by a worker, at least once, with retries and exponential
 * backoff, each attempt audited.
 */
@NullMarked
package dev.countersign.authz.notification;

import org.jspecify.annotations.NullMarked;
