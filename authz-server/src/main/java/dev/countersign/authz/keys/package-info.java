/**
 * Signing keys: generated once, stored encrypted in PostgreSQL, served as a JWK set,
 * rotated on request.
 */
@NullMarked
package dev.countersign.authz.keys;

import org.jspecify.annotations.NullMarked;
