/**
 * The action catalog: the action types clients may ask approval for, their parameter
 * schemas and how they are shown to users.
 */
@NullMarked
package dev.countersign.authz.catalog;

import org.jspecify.annotations.NullMarked;
