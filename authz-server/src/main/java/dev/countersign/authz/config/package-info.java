/**
 * Configuration of the authorization server: security filter chains, persistence,
 * properties, start-up diagnostics.
 */
@NullMarked
package dev.countersign.authz.config;

import org.jspecify.annotations.NullMarked;
