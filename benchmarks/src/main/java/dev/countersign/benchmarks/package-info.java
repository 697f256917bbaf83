/**
 * The benchmarks of {@code docs/benchmarks.md}: JMH benchmarks and the loopback load
 * drivers, never run by the build's tests.
 */
@NullMarked
package dev.countersign.benchmarks;

import org.jspecify.annotations.NullMarked;
