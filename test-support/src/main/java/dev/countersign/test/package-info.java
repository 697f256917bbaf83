/**
 * Helpers for Countersign's own tests.
 */
@NullMarked
package dev.countersign.test;

import org.jspecify.annotations.NullMarked;
