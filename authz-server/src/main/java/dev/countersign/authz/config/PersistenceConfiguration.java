package dev.countersign.authz.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.provisioning.JdbcUserDetailsManager;
import org.springframework.security.provisioning.UserDetailsManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import dev.countersign.authz.approval.ActionApprovalService;
import dev.countersign.authz.approval.ApprovalRevokingAuthorizationService;
import dev.countersign.authz.audit.AuditLog;
import dev.countersign.authz.rar.AuditedAuthorizationConsentService;

/**
 * Registered clients, authorizations, consents and users in PostgreSQL, through Spring
 * Security's JDBC services on the schema of the Flyway migrations.
 */
@Configuration(proxyBeanMethods = false)
class PersistenceConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * The role granted the application's rights by {@code db/callback/afterMigrate.sql}.
	 * @param properties the properties
	 * @return the flyway configuration customizer
	 */
	@Bean
	FlywayConfigurationCustomizer applicationRoleGrants(CountersignProperties properties) {
		return (configuration) -> {
			Map<String, String> placeholders = new HashMap<>(configuration.getPlaceholders());
			placeholders.put("applicationRole", properties.getDatabase().getApplicationRole());
			configuration.placeholders(placeholders);
		};
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		// BCrypt for new hashes; the {id} prefix lets the algorithm change later without
		// a migration
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	RegisteredClientRepository registeredClientRepository(JdbcOperations jdbc) {
		return new JdbcRegisteredClientRepository(jdbc);
	}

	/**
	 * Spring's JDBC authorization service, whose revocations reach the approvals of each
	 * grant ({@link ApprovalRevokingAuthorizationService}).
	 * @param jdbc the jdbc
	 * @param clients the clients
	 * @param approvals the approvals
	 * @param transactionManager the transaction manager
	 * @return the OAuth 2.0 authorization service
	 */
	@Bean
	OAuth2AuthorizationService authorizationService(JdbcOperations jdbc, RegisteredClientRepository clients,
			ActionApprovalService approvals, PlatformTransactionManager transactionManager) {
		// Spring Security's modules and type allowlist, plus the exact numbers that
		// granted
		// authorization_details (RFC 9396) carry in the access token's stored claims
		JsonMapper mapper = JsonMapper.builder()
			.addModules(SecurityJacksonModules.getModules(getClass().getClassLoader(),
					BasicPolymorphicTypeValidator.builder()
						.allowIfSubType(BigDecimal.class)
						.allowIfSubType(BigInteger.class)))
			.build();
		JdbcOAuth2AuthorizationService service = new JdbcOAuth2AuthorizationService(jdbc, clients);
		service.setAuthorizationRowMapper(
				new JdbcOAuth2AuthorizationService.JsonMapperOAuth2AuthorizationRowMapper(clients, mapper));
		service.setAuthorizationParametersMapper(
				new JdbcOAuth2AuthorizationService.JsonMapperOAuth2AuthorizationParametersMapper(mapper));
		return new ApprovalRevokingAuthorizationService(service, approvals, new TransactionTemplate(transactionManager),
				oneConnection(transactionManager));
	}

	/**
	 * Spring's JDBC consent service, with every granted or revoked authorization_details
	 * entry audited in the same transaction.
	 * @param jdbc the jdbc
	 * @param clients the clients
	 * @param auditLog the audit log
	 * @param transactionManager the transaction manager
	 * @return the audited authorization consent service
	 */
	@Bean
	AuditedAuthorizationConsentService authorizationConsentService(JdbcOperations jdbc,
			RegisteredClientRepository clients, AuditLog auditLog, PlatformTransactionManager transactionManager) {
		return new AuditedAuthorizationConsentService(new JdbcOAuth2AuthorizationConsentService(jdbc, clients), clients,
				auditLog, new TransactionTemplate(transactionManager), oneConnection(transactionManager));
	}

	@Bean
	UserDetailsManager userDetailsManager(DataSource dataSource) {
		return new JdbcUserDetailsManager(dataSource);
	}

	// A scope without a transaction that binds the first connection it takes to the
	// thread until it ends (PROPAGATION_SUPPORTS, with the manager's synchronization):
	// Spring's JDBC authorization and consent services read the registered client from
	// inside their row mappers, which would otherwise take a second pooled connection
	// while the first is held, and deadlock the pool once as many lookups run at once as
	// it has connections. Inside a transaction it joins that transaction.
	private static TransactionTemplate oneConnection(PlatformTransactionManager transactionManager) {
		TransactionTemplate reads = new TransactionTemplate(transactionManager);
		reads.setPropagationBehavior(TransactionDefinition.PROPAGATION_SUPPORTS);
		return reads;
	}

}
