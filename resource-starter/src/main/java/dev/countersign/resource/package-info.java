/**
 * The Countersign resource-server starter: checks action tokens and granted
 * {@code authorization_details} before a Spring MVC controller runs. The filter, bindings and
 * replay stores arrive with the starter issue; this module builds so that the demo API can
 * depend on it from the start.
 */
@NullMarked
package dev.countersign.resource;

import org.jspecify.annotations.NullMarked;
