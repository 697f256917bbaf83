package dev.countersign.authz.config;

import java.time.Clock;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.countersign.authz.audit.AuditExporter;
import dev.countersign.authz.audit.AuditLog;
import dev.countersign.authz.audit.AuditSealer;
import dev.countersign.authz.audit.CheckpointSigner;
import dev.countersign.authz.audit.JdbcAuditLog;
import dev.countersign.authz.keys.SigningKeyJwkSource;
import dev.countersign.authz.keys.SigningKeys;

/**
 * The audit log: appends on the request path, the sealer that links them into the hash
 * chain and signs checkpoints, and the export.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	@Bean
	AuditLog auditLog(JdbcOperations jdbc, PlatformTransactionManager transactionManager, Clock clock) {
		JdbcAuditLog auditLog = new JdbcAuditLog(jdbc, transactionManager);
		auditLog.setClock(clock);
		return auditLog;
	}

	@Bean
	AuditSealer auditSealer(JdbcOperations jdbc, PlatformTransactionManager transactionManager, SigningKeys signingKeys,
			AuthorizationServerSettings serverSettings, CountersignProperties properties,
			ObjectProvider<MeterRegistry> meters, Clock clock) {
		CountersignProperties.Audit settings = properties.getAudit();
		settings.validate();
		CheckpointSigner signer = new CheckpointSigner(
				() -> SigningKeyJwkSource.signingKey(signingKeys.jwkSet().getKeys()),
				RequiredIssuer.of(serverSettings));
		AuditSealer sealer = new AuditSealer(jdbc, new TransactionTemplate(transactionManager), signer,
				settings.getSealBatchSize(), settings.getCheckpointInterval());
		sealer.setClock(clock);
		meters.ifAvailable(
				(registry) -> Gauge.builder("countersign.audit.sealing.lag", sealer, (s) -> s.lag().toNanos() / 1e9)
					.description("How long the oldest event of the last sealed batch waited to join the hash chain")
					.baseUnit("seconds")
					.register(registry));
		return sealer;
	}

	@Bean
	SchedulingConfigurer auditSealing(AuditSealer sealer, CountersignProperties properties) {
		return (registrar) -> registrar.addFixedDelayTask(sealer::sealQuietly, properties.getAudit().getSealInterval());
	}

	@Bean
	AuditExporter auditExporter(JdbcOperations jdbc, AuditLog auditLog, AuditSealer sealer,
			PlatformTransactionManager transactionManager, AuthorizationServerSettings serverSettings, Clock clock) {
		AuditExporter exporter = new AuditExporter(jdbc, auditLog, sealer, new TransactionTemplate(transactionManager),
				RequiredIssuer.of(serverSettings));
		exporter.setClock(clock);
		return exporter;
	}

}
