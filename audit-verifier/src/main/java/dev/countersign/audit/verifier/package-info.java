/**
 * {@code countersign-audit verify <export>}: proves an audit log exported by
 * {@code GET /audit/export} complete and unchanged up to its last signed checkpoint,
 * without database access.
 */
@NullMarked
package dev.countersign.audit.verifier;

import org.jspecify.annotations.NullMarked;
