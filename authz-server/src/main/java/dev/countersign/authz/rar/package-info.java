/**
 * Query-level approval with Rich Authorization Requests
 * (<a href="https://www.rfc-editor.org/rfc/rfc9396">RFC 9396</a>): the
 * {@code authorization_details} parameter at the authorization, pushed authorization
 * request and token endpoints, the consent that grants entries one by one, and the tokens
 * that carry them.
 */
@NullMarked
package dev.countersign.authz.rar;

import org.jspecify.annotations.NullMarked;
