/**
 * Users and clients created at start-up from configuration when they do not exist yet.
 */
@NullMarked
package dev.countersign.authz.bootstrap;

import org.jspecify.annotations.NullMarked;
