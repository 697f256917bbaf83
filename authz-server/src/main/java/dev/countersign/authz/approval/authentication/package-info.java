/**
 * The approval endpoints' work, shaped as Spring Authorization Server shapes its
 * endpoints: one {@code Authentication} token per call, made by the call's converter
 * ({@code dev.countersign.authz.approval.web.authentication}), and one
 * {@code AuthenticationProvider} per call that does the work and fails with an
 * {@code OAuth2AuthenticationException} carrying an {@link ApprovalError}.
 */
@NullMarked
package dev.countersign.authz.approval.authentication;

import org.jspecify.annotations.NullMarked;
