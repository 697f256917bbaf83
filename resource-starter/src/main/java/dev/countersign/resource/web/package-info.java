/**
 * The filter that checks bound routes before the controller runs, and how routes are
 * bound to action types.
 */
@NullMarked
package dev.countersign.resource.web;

import org.jspecify.annotations.NullMarked;
