package dev.countersign.resource.autoconfigure;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.countersign.resource.client.AuthorizationServerClient;
import dev.countersign.resource.replay.AuthorizationServerReplayStore;
import dev.countersign.resource.replay.InMemoryReplayStore;
import dev.countersign.resource.replay.JdbcReplayStore;
import dev.countersign.resource.replay.RedisReplayStore;
import dev.countersign.resource.replay.ReplayStore;
import dev.countersign.resource.validation.ActionTokenVerifier;
import dev.countersign.resource.validation.ActionTypeSchemas;
import dev.countersign.resource.validation.RemoteActionTypeSchemas;
import dev.countersign.resource.web.ActionApprovalFilter;
import dev.countersign.resource.web.ActionBinding;
import dev.countersign.resource.web.ActionBindingResolver;
import dev.countersign.resource.web.ActionCheckMetrics;
import dev.countersign.resource.web.ActionTokenRejectionReporter;
import dev.countersign.resource.web.ParameterSource;
import dev.countersign.resource.web.RouteBinding;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Auto-configuration of the Countersign resource-server starter: checks routes bound to action
 * types (in {@code countersign.resource.routes} or with {@code @RequiresApproval}) before the
 * controller runs. Every bean backs off when the application declares its own.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
		"org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ JwtAuthenticationToken.class, DispatcherServlet.class })
@ConditionalOnBooleanProperty(name = "countersign.resource.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CountersignResourceProperties.class)
public final class CountersignResourceServerAutoConfiguration {

	static final String STORE_PROPERTY = "countersign.resource.replay-store";

	private static final Log logger = LogFactory.getLog(CountersignResourceServerAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ActionTokenVerifier actionTokenVerifier(CountersignResourceProperties properties,
			ObjectProvider<OAuth2ResourceServerProperties> resourceServer) {
		Settings settings = Settings.of(properties, resourceServer.getIfAvailable());
		JWKSource<SecurityContext> keys = JWKSourceBuilder.create(url(settings.jwkSetUri())).build();
		Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
		properties.getAlgorithms().forEach((name) -> algorithms.add(JWSAlgorithm.parse(name)));
		ActionTokenVerifier verifier = new ActionTokenVerifier(keys, algorithms, settings.issuer(), settings.audience());
		verifier.setClockSkew(properties.getClockSkew());
		return verifier;
	}

	/**
	 * Reached only when the chosen store's configuration did not apply: its library is missing.
	 */
	@Bean
	@ConditionalOnMissingBean
	ReplayStore unavailableReplayStore(CountersignResourceProperties properties) {
		String needed = switch (properties.getReplayStore()) {
			case JDBC -> "spring-boot-starter-jdbc and a DataSource";
			case REDIS -> "spring-boot-starter-data-redis";
			default -> "its library";
		};
		throw new IllegalStateException("countersign.resource.replay-store="
				+ properties.getReplayStore().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " needs "
				+ needed + " on the classpath");
	}

	@Bean
	@ConditionalOnMissingBean
	ActionBindingResolver actionBindingResolver(CountersignResourceProperties properties,
			@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> handlerMappings) {
		List<RouteBinding> routes = new ArrayList<>();
		PathPatternParser parser = PathPatternParser.defaultInstance;
		for (int i = 0; i < properties.getRoutes().size(); i++) {
			routes.add(route(properties.getRoutes().get(i), "countersign.resource.routes[" + i + "]", parser));
		}
		RequestMappingHandlerMapping handlerMapping = handlerMappings.getIfAvailable();
		return new ActionBindingResolver(routes, handlerMapping);
	}

	/**
	 * The authorization server's catalog, read from its authorization details types metadata
	 * endpoint.
	 */
	@Bean
	@ConditionalOnMissingBean
	ActionTypeSchemas actionTypeSchemas(CountersignResourceProperties properties,
			ObjectProvider<OAuth2ResourceServerProperties> resourceServer) {
		CountersignResourceProperties.Catalog catalog = properties.getCatalog();
		String uri = StringUtils.hasText(catalog.getUri()) ? catalog.getUri()
				: Settings.of(properties, resourceServer.getIfAvailable()).issuer() + "/authorization-details-types";
		RemoteActionTypeSchemas schemas = new RemoteActionTypeSchemas(
				AuthorizationServerClient.restClient(catalog.getConnectTimeout(), catalog.getReadTimeout()),
				URI.create(uri));
		schemas.setRefreshInterval(catalog.getRefreshInterval());
		return schemas;
	}

	@Bean
	@ConditionalOnMissingBean(name = "countersignActionApprovalFilterRegistration")
	FilterRegistrationBean<ActionApprovalFilter> countersignActionApprovalFilterRegistration(
			ActionBindingResolver bindings, ActionTokenVerifier verifier, ReplayStore replayStore,
			ActionTypeSchemas schemas, CountersignResourceProperties properties, ApplicationEventPublisher events,
			@Qualifier("requestMappingHandlerAdapter") ObjectProvider<RequestMappingHandlerAdapter> handlerAdapters) {
		ActionApprovalFilter filter = new ActionApprovalFilter(bindings, verifier, replayStore, schemas);
		filter.setMaxBodySize(properties.getMaxBodySize());
		filter.setEventPublisher(events);
		List<MediaType> jsonTypes = jsonMediaTypes(handlerAdapters.getIfAvailable());
		if (!jsonTypes.isEmpty()) {
			filter.setJsonMediaTypes(jsonTypes);
		}
		FilterRegistrationBean<ActionApprovalFilter> registration = new FilterRegistrationBean<>(filter);
		// right after Spring Security's filter chain: the bearer token is authenticated
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
		return registration;
	}

	/**
	 * Micrometer meters per action type and outcome, when the application has a registry.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnBean(MeterRegistry.class)
		@ConditionalOnMissingBean
		ActionCheckMetrics actionCheckMetrics(MeterRegistry registry) {
			return new ActionCheckMetrics(registry);
		}

	}

	/**
	 * The resource server's client of the authorization server, when its client credentials are
	 * configured; and the reporter of rejected action tokens that uses it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "countersign.resource.consume", name = { "client-id", "client-secret" })
	static class AuthorizationServerClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AuthorizationServerClient authorizationServerClient(CountersignResourceProperties properties,
				ObjectProvider<OAuth2ResourceServerProperties> resourceServer) {
			Settings settings = Settings.of(properties, resourceServer.getIfAvailable());
			CountersignResourceProperties.Consume consume = properties.getConsume();
			String tokenEndpoint = StringUtils.hasText(consume.getTokenEndpoint()) ? consume.getTokenEndpoint()
					: settings.issuer() + "/oauth2/token";
			AuthorizationServerClient client = new AuthorizationServerClient(
					AuthorizationServerClient.restClient(consume.getConnectTimeout(), consume.getReadTimeout()),
					URI.create(tokenEndpoint), consume.getClientId(), consume.getClientSecret());
			client.setRefreshBefore(consume.getRefreshBefore());
			return client;
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = "countersign.resource.consume.report-rejections", matchIfMissing = true)
		ActionTokenRejectionReporter actionTokenRejectionReporter(AuthorizationServerClient client,
				CountersignResourceProperties properties, ObjectProvider<OAuth2ResourceServerProperties> resourceServer) {
			CountersignResourceProperties.Consume consume = properties.getConsume();
			String endpoint = StringUtils.hasText(consume.getRejectionsEndpoint()) ? consume.getRejectionsEndpoint()
					: Settings.of(properties, resourceServer.getIfAvailable()).issuer() + "/approvals/rejections";
			return new ActionTokenRejectionReporter(client, URI.create(endpoint), consume.getReportQueueCapacity());
		}

	}

	/**
	 * The default replay store: the authorization server's consume endpoint.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = STORE_PROPERTY, havingValue = "authorization-server", matchIfMissing = true)
	static class AuthorizationServerReplayStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ReplayStore replayStore(CountersignResourceProperties properties,
				ObjectProvider<OAuth2ResourceServerProperties> resourceServer,
				ObjectProvider<AuthorizationServerClient> clients) {
			Settings settings = Settings.of(properties, resourceServer.getIfAvailable());
			AuthorizationServerClient client = clients.getIfAvailable();
			if (client == null) {
				throw new IllegalStateException("countersign.resource.consume.client-id and client-secret must be set for "
						+ "the authorization-server replay store (or choose another countersign.resource.replay-store)");
			}
			CountersignResourceProperties.Consume consume = properties.getConsume();
			String endpoint = StringUtils.hasText(consume.getEndpoint()) ? consume.getEndpoint()
					: settings.issuer() + "/approvals/consume";
			return new AuthorizationServerReplayStore(client, URI.create(endpoint));
		}

	}

	/**
	 * A table of the API's own database.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = STORE_PROPERTY, havingValue = "jdbc")
	@ConditionalOnClass(JdbcOperations.class)
	static class JdbcReplayStoreConfiguration {

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
	static class RedisReplayStoreConfiguration {

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
	static class InMemoryReplayStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ReplayStore replayStore() {
			logger.warn("Countersign replay store: in-memory. Correct for ONE instance only: with several "
					+ "instances an action token can be used once on each.");
			return new InMemoryReplayStore();
		}

	}

	private static RouteBinding route(CountersignResourceProperties.Route route, String prefix, PathPatternParser parser) {
		if (!StringUtils.hasText(route.getPath()) || !StringUtils.hasText(route.getType())) {
			throw new IllegalStateException(prefix + ".path and " + prefix + ".type must be set");
		}
		Map<String, ParameterSource> parameters = new LinkedHashMap<>();
		route.getParameters().forEach((name, source) -> {
			try {
				parameters.put(name, ParameterSource.parse(source));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(prefix + ".parameters." + name + ": " + ex.getMessage());
			}
		});
		HttpMethod method = StringUtils.hasText(route.getMethod()) ? HttpMethod.valueOf(route.getMethod().trim().toUpperCase())
				: null;
		return new RouteBinding(method, parser.parse(route.getPath()),
				new ActionBinding(route.getType(), route.getMode(), parameters));
	}

	/**
	 * Every media type that a JSON-reading message converter of Spring MVC reads, so the filter
	 * checks each body a controller would get as JSON.
	 */
	private static List<MediaType> jsonMediaTypes(@Nullable RequestMappingHandlerAdapter adapter) {
		Set<MediaType> types = new LinkedHashSet<>();
		if (adapter != null) {
			for (HttpMessageConverter<?> converter : adapter.getMessageConverters()) {
				if (converter.canRead(Map.class, MediaType.APPLICATION_JSON)) {
					types.addAll(converter.getSupportedMediaTypes(Map.class));
				}
			}
		}
		return new ArrayList<>(types);
	}

	private static URL url(String value) {
		try {
			return URI.create(value).toURL();
		}
		catch (MalformedURLException | IllegalArgumentException ex) {
			throw new IllegalStateException("countersign.resource.jwk-set-uri is not a URL: " + value, ex);
		}
	}

	/**
	 * The issuer, JWK set and audience, from the starter's properties or Spring Boot's resource
	 * server properties.
	 */
	private record Settings(String issuer, String jwkSetUri, String audience) {

		static Settings of(CountersignResourceProperties properties, @Nullable OAuth2ResourceServerProperties resourceServer) {
			OAuth2ResourceServerProperties.Jwt jwt = (resourceServer != null) ? resourceServer.getJwt() : null;
			String issuer = first(properties.getIssuerUri(), (jwt != null) ? jwt.getIssuerUri() : null);
			if (issuer == null) {
				throw new IllegalStateException(
						"countersign.resource.issuer-uri (or spring.security.oauth2.resourceserver.jwt.issuer-uri) must be set");
			}
			issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
			String jwkSetUri = first(properties.getJwkSetUri(), (jwt != null) ? jwt.getJwkSetUri() : null);
			String audience = first(properties.getAudience(),
					(jwt != null && !jwt.getAudiences().isEmpty()) ? jwt.getAudiences().get(0) : null);
			if (audience == null) {
				throw new IllegalStateException("countersign.resource.audience (or "
						+ "spring.security.oauth2.resourceserver.jwt.audiences) must name this API's resource indicator");
			}
			return new Settings(issuer, (jwkSetUri != null) ? jwkSetUri : issuer + "/oauth2/jwks", audience);
		}

		private static @Nullable String first(@Nullable String preferred, @Nullable String fallback) {
			return StringUtils.hasText(preferred) ? preferred : (StringUtils.hasText(fallback) ? fallback : null);
		}

	}

}
