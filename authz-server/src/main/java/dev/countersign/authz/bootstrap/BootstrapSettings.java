package dev.countersign.authz.bootstrap;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The users and clients created at start-up ({@code countersign.bootstrap.*}), in their
 * configured order.
 *
 * @param users the users by name
 * @param clients the clients by client id
 */
public record BootstrapSettings(Map<String, BootstrapUser> users, Map<String, BootstrapClient> clients) {

	public BootstrapSettings {
		users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
		clients = Collections.unmodifiableMap(new LinkedHashMap<>(clients));
	}

}
