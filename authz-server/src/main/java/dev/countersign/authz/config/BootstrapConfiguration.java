package dev.countersign.authz.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.provisioning.UserDetailsManager;

import dev.countersign.authz.bootstrap.BootstrapData;
import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.notification.SubjectEmails;
import dev.countersign.authz.rar.ClientCredentialsPolicy;

/**
 * Users and clients from configuration.
 */
@Configuration(proxyBeanMethods = false)
class BootstrapConfiguration {

	@Bean
	BootstrapData bootstrapData(CountersignProperties properties, UserDetailsManager users,
			RegisteredClientRepository clients, PasswordEncoder passwordEncoder, ActionCatalog catalog,
			ClientCredentialsPolicy clientCredentialsPolicy, SubjectEmails emails, Clock clock) {
		BootstrapData data = new BootstrapData(properties.getBootstrap().toSettings(), users, clients, passwordEncoder,
				catalog.typeNames(), clientCredentialsPolicy::read);
		data.setEmailStore((username, email) -> emails.put(username, email, clock.instant()));
		return data;
	}

}
