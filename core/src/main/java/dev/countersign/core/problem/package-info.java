/**
 * How both sides answer a refusal: the RFC 9457 problem with its OAuth members, and the
 * RFC 6750 {@code Bearer} challenge. Servlet-free; each side has one writer that puts
 * them on a response.
 */
@NullMarked
package dev.countersign.core.problem;

import org.jspecify.annotations.NullMarked;
