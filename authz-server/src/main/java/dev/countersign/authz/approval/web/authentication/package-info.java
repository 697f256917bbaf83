/**
 * The approval endpoints' converters: each turns its call into the {@code Authentication}
 * token its provider takes, or answers {@code null} for a request that is not its call; a
 * body that cannot be read fails as Spring Authorization Server's converters fail, with
 * an {@code OAuth2AuthenticationException}.
 */
@NullMarked
package dev.countersign.authz.approval.web.authentication;

import org.jspecify.annotations.NullMarked;
