/**
 * Growth: what the server keeps, and for how long. Spring Authorization Server never
 * deletes an authorization; approvals and notifications pile up as they end. The
 * retention purge removes what can lead to nothing any more, in batches, one instance at
 * a time. The audit log is not purged here: it is append-only.
 */
@NullMarked
package dev.countersign.authz.retention;

import org.jspecify.annotations.NullMarked;
