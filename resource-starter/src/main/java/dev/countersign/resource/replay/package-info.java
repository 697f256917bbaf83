/**
 * Replay stores: each action token's jti is accepted once.
 */
@NullMarked
package dev.countersign.resource.replay;

import org.jspecify.annotations.NullMarked;
