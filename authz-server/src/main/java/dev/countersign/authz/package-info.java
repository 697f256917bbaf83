/**
 * The Countersign authorization server: Spring Authorization Server on PostgreSQL.
 */
@NullMarked
package dev.countersign.authz;

import org.jspecify.annotations.NullMarked;
