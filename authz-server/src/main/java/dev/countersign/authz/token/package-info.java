/**
 * Access tokens in the JWT profile of RFC 9068 with RFC 8707 resource indicators.
 */
@NullMarked
package dev.countersign.authz.token;

import org.jspecify.annotations.NullMarked;
