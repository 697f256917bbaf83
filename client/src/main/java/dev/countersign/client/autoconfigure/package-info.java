/**
 * Spring Boot auto-configuration of Countersign's client side.
 */
@NullMarked
package dev.countersign.client.autoconfigure;

import org.jspecify.annotations.NullMarked;
