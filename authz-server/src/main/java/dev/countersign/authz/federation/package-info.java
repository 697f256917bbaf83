/**
 * Beside an existing identity provider: the trusted issuers whose access tokens the
 * approval endpoints accept as base tokens, their metadata and keys discovered from each
 * issuer, and the subject and client each token stands for.
 */
@NullMarked
package dev.countersign.authz.federation;

import org.jspecify.annotations.NullMarked;
