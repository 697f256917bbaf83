/**
 * The audit chain's hash and export format, shared by the authorization server that seals
 * the chain and the command-line verifier that checks an exported log.
 */
@NullMarked
package dev.countersign.core.audit;

import org.jspecify.annotations.NullMarked;
