package dev.countersign.authz.config;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.ActionType;
import dev.countersign.authz.federation.TrustedIssuers;

/**
 * Beside an existing identity provider: the trusted issuers of
 * {@code countersign.federation.issuers}, their metadata read once in the background at
 * start-up (an issuer that does not answer is said in one line; the server starts anyway
 * and refuses its tokens with {@code 503} until it answers).
 */
@Configuration(proxyBeanMethods = false)
class FederationConfiguration {

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
