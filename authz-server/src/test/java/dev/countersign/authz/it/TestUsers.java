package dev.countersign.authz.it;

import java.util.UUID;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.UserDetailsManager;

/**
 * Users of a single test, so that per-user limits and histories never leak between tests.
 */
final class TestUsers {

	static final String PASSWORD = "test-password";

	private TestUsers() {
	}

	static String create(UserDetailsManager users, String prefix) {
		String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		users.createUser(User.withUsername(username).password("{noop}" + PASSWORD).roles("USER").build());
		return username;
	}

}
