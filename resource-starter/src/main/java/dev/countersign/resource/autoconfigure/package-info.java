/**
 * Spring Boot auto-configuration of the Countersign resource-server starter.
 */
@NullMarked
package dev.countersign.resource.autoconfigure;

import org.jspecify.annotations.NullMarked;
