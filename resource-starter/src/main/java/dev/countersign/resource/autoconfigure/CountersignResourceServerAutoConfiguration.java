package dev.countersign.resource.autoconfigure;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

import dev.countersign.core.Endpoints;
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
import dev.countersign.resource.web.InvalidBindingException;
import dev.countersign.resource.web.ParameterSource;
import dev.countersign.resource.web.ProtectedResourceMetadataFilter;
import dev.countersign.resource.web.RouteBinding;

/**
 * Auto-configuration of the Countersign resource-server starter: checks routes bound to
 * action types (in {@code countersign.resource.routes} or with {@code @RequiresApproval})
 * before the controller runs. Every bean backs off when the application declares its own.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration",
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
		ResourceSettings settings = ResourceSettings.of(properties, resourceServer.getIfAvailable());
		JWKSource<SecurityContext> keys = JWKSourceBuilder.create(url(settings.jwkSetUri())).build();
		Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
		properties.getAlgorithms().forEach((name) -> algorithms.add(JWSAlgorithm.parse(name)));
		ActionTokenVerifier verifier = new ActionTokenVerifier(keys, algorithms, settings.issuer(),
				settings.audience());
		verifier.setClockSkew(properties.getClockSkew());
		return verifier;
	}

	/**
	 * Reached only when the chosen store's configuration did not apply: its library is
	 * missing.
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
	 * The authorization server's catalog, read from its authorization details types
	 * metadata endpoint.
	 */
	@Bean
	@ConditionalOnMissingBean
	ActionTypeSchemas actionTypeSchemas(CountersignResourceProperties properties,
			ObjectProvider<OAuth2ResourceServerProperties> resourceServer) {
		CountersignResourceProperties.Catalog catalog = properties.getCatalog();
		String uri = StringUtils.hasText(catalog.getUri()) ? catalog.getUri()
				: ResourceSettings.of(properties, resourceServer.getIfAvailable()).issuer()
						+ Endpoints.AUTHORIZATION_DETAILS_TYPES;
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
			ActionTypeSchemas schemas, CountersignResourceProperties properties,
			ObjectProvider<OAuth2ResourceServerProperties> resourceServer, ApplicationEventPublisher events,
			@Qualifier("requestMappingHandlerAdapter") ObjectProvider<RequestMappingHandlerAdapter> handlerAdapters) {
		ResourceSettings settings = ResourceSettings.of(properties, resourceServer.getIfAvailable());
		ActionApprovalFilter filter = new ActionApprovalFilter(bindings, verifier, replayStore, schemas);
		filter.setMaxBodySize(properties.getMaxBodySize());
		filter
			.setChallengeParameters(
					properties.getMetadata().isEnabled()
							? ProtectedResourceMetadataFilter.metadataUri(settings.audience()) : null,
					settings.issuer(), settings.approvalEndpoint());
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
	 * The protected resource metadata (RFC 9728), before Spring Security's filter chain:
	 * public, and in place of Spring Security's own document.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "countersignProtectedResourceMetadataFilterRegistration")
	@ConditionalOnBooleanProperty(name = "countersign.resource.metadata.enabled", matchIfMissing = true)
	FilterRegistrationBean<ProtectedResourceMetadataFilter> countersignProtectedResourceMetadataFilterRegistration(
			ActionBindingResolver bindings, CountersignResourceProperties properties,
			ObjectProvider<OAuth2ResourceServerProperties> resourceServer, Environment environment) {
		ResourceSettings settings = ResourceSettings.of(properties, resourceServer.getIfAvailable());
		CountersignResourceProperties.Metadata metadata = properties.getMetadata();
		Set<String> servers = new LinkedHashSet<>(metadata.getAuthorizationServers());
		if (servers.isEmpty()) {
			if (settings.baseTokenIssuer() != null) {
				servers.add(settings.baseTokenIssuer());
			}
			servers.add(settings.issuer());
		}
		Set<String> types = new java.util.TreeSet<>();
		bindings.boundRoutes().forEach((route) -> types.add(route.binding().type()));
		String name = StringUtils.hasText(metadata.getResourceName()) ? metadata.getResourceName()
				: environment.getProperty("spring.application.name");
		OAuth2ProtectedResourceMetadata.Builder document = OAuth2ProtectedResourceMetadata.builder()
			.resource(settings.audience())
			.authorizationServers((list) -> list.addAll(servers))
			.bearerMethod("header")
			.claim("authorization_details_types_supported", new ArrayList<>(types));
		if (StringUtils.hasText(name)) {
			document.resourceName(name);
		}
		FilterRegistrationBean<ProtectedResourceMetadataFilter> registration = new FilterRegistrationBean<>(
				new ProtectedResourceMetadataFilter(document.build()));
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
		return registration;
	}

	/**
	 * One line at start-up saying what the starter checks, and warnings for bound types
	 * the issuer does not list.
	 */
	@Bean
	@ConditionalOnMissingBean
	StartupReport countersignStartupReport(ActionBindingResolver bindings, ReplayStore replayStore,
			CountersignResourceProperties properties, ObjectProvider<OAuth2ResourceServerProperties> resourceServer) {
		ResourceSettings settings = ResourceSettings.of(properties, resourceServer.getIfAvailable());
		CountersignResourceProperties.Catalog catalog = properties.getCatalog();
		return new StartupReport(bindings, replayStore, settings.issuer(),
				AuthorizationServerClient.restClient(catalog.getConnectTimeout(), catalog.getReadTimeout()));
	}

	/**
	 * Refusals of Spring Boot's JWT decoder that name the token's issuer.
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "countersign.resource.describe-bearer-refusals", matchIfMissing = true)
	static BearerRefusalDescriptions countersignBearerRefusalDescriptions(Environment environment) {
		return new BearerRefusalDescriptions(environment);
	}

	private static RouteBinding route(CountersignResourceProperties.Route route, String prefix,
			PathPatternParser parser) {
		if (!StringUtils.hasText(route.getPath()) || !StringUtils.hasText(route.getType())) {
			throw new InvalidBindingException(
					prefix + " has no " + (StringUtils.hasText(route.getPath()) ? "type" : "path"),
					"Give every route of countersign.resource.routes a path (a pattern such as /accounts/{accountId}) "
							+ "and a type (an action type of the authorization server's catalog).");
		}
		Map<String, ParameterSource> parameters = new LinkedHashMap<>();
		route.getParameters().forEach((name, source) -> {
			try {
				parameters.put(name, ParameterSource.parse(source));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidBindingException(prefix + ".parameters." + name + ": " + ex.getMessage(),
						"Write the source as path:variable, query:name, header:name, body:/json/pointer or form:field.");
			}
		});
		HttpMethod method = null;
		if (StringUtils.hasText(route.getMethod())) {
			String name = route.getMethod().trim().toUpperCase(java.util.Locale.ROOT);
			if (!name.chars().allMatch((c) -> c >= 'A' && c <= 'Z')) {
				throw new InvalidBindingException(prefix + ".method '" + route.getMethod() + "' is no HTTP method",
						"Write one method, such as POST, or leave method unset for any.");
			}
			method = HttpMethod.valueOf(name);
		}
		PathPattern pattern;
		try {
			pattern = parser.parse(route.getPath());
		}
		catch (PatternParseException ex) {
			throw new InvalidBindingException(
					prefix + ".path '" + route.getPath() + "' is no path pattern: " + ex.getMessage(),
					"Write the path as in @RequestMapping, such as /accounts/{accountId}/transfers.");
		}
		return new RouteBinding(method, pattern, new ActionBinding(route.getType(), route.getMode(), parameters),
				prefix);
	}

	/**
	 * Every media type that a JSON-reading message converter of Spring MVC reads, so the
	 * filter checks each body a controller would get as JSON.
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
			throw new FailureAnalyzedException("countersign.resource.jwk-set-uri is not a URL: " + value,
					"Set countersign.resource.jwk-set-uri to the Countersign server's key set, such as "
							+ "http://localhost:9000/oauth2/jwks.",
					ex);
		}
	}

	/**
	 * RFC 9068 access tokens for Spring Boot's JWT decoder, which applies every
	 * {@code OAuth2TokenValidator<Jwt>} bean: Spring Security alone accepts {@code typ}
	 * {@code JWT} only, and would refuse every Countersign access token ({@code at+jwt}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JwtTypeValidator.class)
	static class AccessTokenTypeConfiguration {

		@Bean
		@ConditionalOnMissingBean(JwtTypeValidator.class)
		JwtTypeValidator countersignAccessTokenTypeValidator(CountersignResourceProperties properties) {
			return new JwtTypeValidator(properties.getAccessTokenTypes());
		}

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
	 * The resource server's client of the authorization server, when its client
	 * credentials are configured; and the reporter of rejected action tokens that uses
	 * it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "countersign.resource.consume", name = { "client-id", "client-secret" })
	static class AuthorizationServerClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AuthorizationServerClient authorizationServerClient(CountersignResourceProperties properties,
				ObjectProvider<OAuth2ResourceServerProperties> resourceServer) {
			ResourceSettings settings = ResourceSettings.of(properties, resourceServer.getIfAvailable());
			CountersignResourceProperties.Consume consume = properties.getConsume();
			String tokenEndpoint = StringUtils.hasText(consume.getTokenEndpoint()) ? consume.getTokenEndpoint()
					: settings.issuer() + Endpoints.TOKEN;
			AuthorizationServerClient client = new AuthorizationServerClient(
					AuthorizationServerClient.restClient(consume.getConnectTimeout(), consume.getReadTimeout()),
					URI.create(tokenEndpoint), Objects.requireNonNull(consume.getClientId()),
					Objects.requireNonNull(consume.getClientSecret()));
			client.setRefreshBefore(consume.getRefreshBefore());
			return client;
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = "countersign.resource.consume.report-rejections", matchIfMissing = true)
		ActionTokenRejectionReporter actionTokenRejectionReporter(AuthorizationServerClient client,
				CountersignResourceProperties properties,
				ObjectProvider<OAuth2ResourceServerProperties> resourceServer) {
			CountersignResourceProperties.Consume consume = properties.getConsume();
			String endpoint = StringUtils.hasText(consume.getRejectionsEndpoint()) ? consume.getRejectionsEndpoint()
					: ResourceSettings.of(properties, resourceServer.getIfAvailable()).issuer() + Endpoints.REJECTIONS;
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
			ResourceSettings settings = ResourceSettings.of(properties, resourceServer.getIfAvailable());
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

}
