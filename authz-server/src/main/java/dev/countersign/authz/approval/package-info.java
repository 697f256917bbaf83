/**
 * Just-In-Time action approval: approval requests, the user's decision, the action token
 * and its single use.
 */
@NullMarked
package dev.countersign.authz.approval;

import org.jspecify.annotations.NullMarked;
