/**
 * A small banking API protected by the Countersign resource-server starter.
 */
@NullMarked
package dev.countersign.demo;

import org.jspecify.annotations.NullMarked;
