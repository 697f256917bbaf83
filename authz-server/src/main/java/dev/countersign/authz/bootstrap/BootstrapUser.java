package dev.countersign.authz.bootstrap;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A user created at start-up when absent ({@code countersign.bootstrap.users.<name>}).
 *
 * @param password the password, stored as a BCrypt hash
 * @param roles the roles
 * @param email where notifications reach the user, or {@code null}
 */
public record BootstrapUser(@Nullable String password, List<String> roles, @Nullable String email) {

	public BootstrapUser {
		roles = List.copyOf(roles);
	}

}
