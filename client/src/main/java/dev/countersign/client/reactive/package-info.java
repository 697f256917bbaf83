/**
 * Approval for Spring's {@code WebClient}.
 */
@NullMarked
package dev.countersign.client.reactive;

import org.jspecify.annotations.NullMarked;
