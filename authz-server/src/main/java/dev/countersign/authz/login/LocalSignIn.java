package dev.countersign.authz.login;

/**
 * Whether this server signs people in with a password of its own. Beside an identity
 * provider with no local users configured (no {@code countersign.bootstrap.users}, none
 * stored), it does not: the server is an approval service only, with no password form and
 * no password store in use.
 *
 * @param enabled whether the password form is served
 */
public record LocalSignIn(boolean enabled) {
}
