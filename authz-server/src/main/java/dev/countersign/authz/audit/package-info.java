/**
 * The append-only, hash-chained audit log of every approval step.
 */
@NullMarked
package dev.countersign.authz.audit;

import org.jspecify.annotations.NullMarked;
