/**
 * The Countersign resource-server starter: checks action tokens and granted
 * {@code authorization_details} before a Spring MVC controller runs. The bindings and the
 * check are in {@code web}, the action token's verification and the catalog's schemas in
 * {@code validation}, the replay stores in {@code replay}, the client of the
 * authorization server in {@code client}, and the auto-configuration in
 * {@code autoconfigure}.
 */
@NullMarked
package dev.countersign.resource;

import org.jspecify.annotations.NullMarked;
