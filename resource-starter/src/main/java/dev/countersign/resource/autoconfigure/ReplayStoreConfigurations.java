package dev.countersign.resource.autoconfigure;

import java.net.URI;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.util.StringUtils;

import dev.countersign.core.Endpoints;
import dev.countersign.resource.client.AuthorizationServerClient;
import dev.countersign.resource.replay.AuthorizationServerReplayStore;
import dev.countersign.resource.replay.InMemoryReplayStore;
import dev.countersign.resource.replay.JdbcReplayStore;
import dev.countersign.resource.replay.RedisReplayStore;
import dev.countersign.resource.replay.ReplayStore;

/**
 * The replay stores, one configuration each, chosen by
 * {@code countersign.resource.replay-store}; imported by the auto-configuration in this
 * order, the fallback that names a missing library last.
 */
final class ReplayStoreConfigurations {

	static final String STORE_PROPERTY = "countersign.resource.replay-store";

	private static final Log logger = LogFactory.getLog(ReplayStoreConfigurations.class);

	private ReplayStoreConfigurations() {
	}

	/**
	 * The default replay store: the authorization server's consume endpoint.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = STORE_PROPERTY, havingValue = "authorization-server", matchIfMissing = true)
	static class AuthorizationServer {

		@Bean
		@ConditionalOnMissingBean
		ReplayStore replayStore(CountersignResourceProperties properties, ResourceSettings settings,
				ObjectProvider<AuthorizationServerClient> clients) {
			AuthorizationServerClient client = clients.getIfAvailable();
			if (client == null) {
				throw new FailureAnalyzedException(
						"countersign.resource.consume.client-id and client-secret must be set for "
								+ "the authorization-server replay store (or choose another countersign.resource.replay-store)",
						"Register a client for this API on the authorization server (grant client_credentials, scope "
								+ "approvals.consume, served-resources " + settings.audience() + ") and set "
								+ "countersign.resource.consume.client-id and client-secret to it; or set "
								+ "countersign.resource.replay-store to jdbc, redis or in-memory.");
			}
			CountersignResourceProperties.Consume consume = properties.getConsume();
			String endpoint = StringUtils.hasText(consume.getEndpoint()) ? consume.getEndpoint()
					: settings.issuer() + Endpoints.CONSUME;
			return new AuthorizationServerReplayStore(client, URI.create(endpoint));
		}

	}

	/**
	 * A table of the API's own database.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = STORE_PROPERTY, havingValue = "jdbc")
	@ConditionalOnClass(JdbcOperations.class)
	static class Jdbc {

		@Bean
		@ConditionalOnMissingBean
		ReplayStore replayStore(JdbcOperations jdbc) {
			return new JdbcReplayStore(jdbc);
		}

	}

	/**
	 * Redis.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = STORE_PROPERTY, havingValue = "redis")
	@ConditionalOnClass(StringRedisTemplate.class)
	static class Redis {

		@Bean
		@ConditionalOnMissingBean
		ReplayStore replayStore(StringRedisTemplate redis) {
			return new RedisReplayStore(redis);
		}

	}

	/**
	 * This JVM's memory, for a single instance.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = STORE_PROPERTY, havingValue = "in-memory")
	static class InMemory {

		@Bean
		@ConditionalOnMissingBean
		ReplayStore replayStore() {
			logger.warn("Countersign replay store: in-memory. Correct for ONE instance only: with several "
					+ "instances an action token can be used once on each.");
			return new InMemoryReplayStore();
		}

	}

	/**
	 * The fallback when no store's configuration applied.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Unavailable {

		/**
		 * Reached only when the chosen store's configuration did not apply: its library
		 * is missing.
		 * @param properties the properties
		 * @return the replay store
		 */
		@Bean
		@ConditionalOnMissingBean
		ReplayStore unavailableReplayStore(CountersignResourceProperties properties) {
			String needed = switch (properties.getReplayStore()) {
				case JDBC -> "spring-boot-starter-jdbc and a DataSource";
				case REDIS -> "spring-boot-starter-data-redis";
				default -> "its library";
			};
			String store = properties.getReplayStore().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
			throw new FailureAnalyzedException(
					"countersign.resource.replay-store=" + store + " needs " + needed + " on the classpath",
					"Add " + needed + " to the API, or choose another countersign.resource.replay-store "
							+ "(authorization-server, jdbc, redis or in-memory).");
		}

	}

}
