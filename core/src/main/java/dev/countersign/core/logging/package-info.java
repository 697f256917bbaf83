/**
 * Keeping credentials out of logs: the mask, and Logback converters that apply it
 * (Logback is an optional dependency of this module).
 */
@NullMarked
package dev.countersign.core.logging;

import org.jspecify.annotations.NullMarked;
