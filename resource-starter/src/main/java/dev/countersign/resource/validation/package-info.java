/**
 * Verification of action tokens and comparison of approved parameters with the request.
 */
@NullMarked
package dev.countersign.resource.validation;

import org.jspecify.annotations.NullMarked;
