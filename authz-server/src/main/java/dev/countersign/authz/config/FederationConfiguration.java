package dev.countersign.authz.config;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;

import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.ActionType;
import dev.countersign.authz.federation.TrustedIssuer;
import dev.countersign.authz.federation.TrustedIssuers;
import dev.countersign.authz.login.LocalSignIn;

/**
 * Beside an existing identity provider: the trusted issuers of
 * {@code countersign.federation.issuers}, their metadata read once in the background at
 * start-up (an issuer that does not answer is said in one line; the server starts anyway
 * and refuses its tokens with {@code 503} until it answers).
 */
@Configuration(proxyBeanMethods = false)
class FederationConfiguration {

	private static final String ANY_USER = "SELECT EXISTS (SELECT 1 FROM users)";

	@Bean
	TrustedIssuers trustedIssuers(CountersignProperties properties, ActionCatalog catalog, Clock clock) {
		Set<String> resources = new LinkedHashSet<>();
		for (String name : catalog.typeNames()) {
			ActionType type = catalog.find(name);
			if (type != null) {
				resources.add(type.resource());
			}
		}
		return new TrustedIssuers(properties.getFederation().toSettings(resources), clock);
	}

	/**
	 * The password form is served unless the server stands beside an identity provider
	 * with no local users: none configured in {@code countersign.bootstrap.users}, none
	 * stored.
	 * @param properties the settings
	 * @param trustedIssuers the trusted issuers
	 * @param jdbc the database
	 * @return whether people sign in here with a password
	 */
	@Bean
	LocalSignIn localSignIn(CountersignProperties properties, TrustedIssuers trustedIssuers, JdbcOperations jdbc) {
		boolean besideAnIdentityProvider = trustedIssuers.all().stream().anyMatch(TrustedIssuer::signsUsersIn);
		if (!besideAnIdentityProvider || !properties.getBootstrap().getUsers().isEmpty()) {
			return new LocalSignIn(true);
		}
		Boolean stored = jdbc.queryForObject(ANY_USER, Boolean.class);
		return new LocalSignIn(Boolean.TRUE.equals(stored));
	}

	@Bean
	SmartInitializingSingleton trustedIssuersWarmUp(TrustedIssuers trustedIssuers) {
		return () -> {
			if (!trustedIssuers.all().isEmpty()) {
				Thread warmUp = new Thread(trustedIssuers::warmUp, "countersign-trusted-issuers");
				warmUp.setDaemon(true);
				warmUp.start();
			}
		};
	}

}
