/**
 * Signing in: throttling of password sign-ins and client-secret authentications.
 */
@NullMarked
package dev.countersign.authz.login;

import org.jspecify.annotations.NullMarked;
