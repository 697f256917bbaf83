package dev.countersign.resource.autoconfigure;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.JwkSetUriJwtDecoderBuilderCustomizer;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPatternParser;

import dev.countersign.core.Endpoints;
import dev.countersign.core.HeaderBearerTokenResolver;
import dev.countersign.resource.client.AuthorizationServerClient;
import dev.countersign.resource.replay.ReplayStore;
import dev.countersign.resource.validation.ActionTokenVerifier;
import dev.countersign.resource.validation.ActionTypeSchemas;
import dev.countersign.resource.validation.CachingJwsKeySelector;
import dev.countersign.resource.validation.RemoteActionTypeSchemas;
import dev.countersign.resource.web.ActionBindingResolver;
import dev.countersign.resource.web.ActionCheckMetrics;
import dev.countersign.resource.web.ProtectedResourceMetadataFilter;
import dev.countersign.resource.web.RouteBinding;
import dev.countersign.resource.web.TransactionChallengeIssuer;

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
@Import({ AuthorizationServerClientConfiguration.class, ReplayStoreConfigurations.AuthorizationServer.class,
		ReplayStoreConfigurations.Jdbc.class, ReplayStoreConfigurations.Redis.class,
		ReplayStoreConfigurations.InMemory.class, ReplayStoreConfigurations.Unavailable.class,
		ActionCheckConfiguration.class })
public final class CountersignResourceServerAutoConfiguration {

	/**
	 * The issuer, key set and audience, resolved once from the starter's and Spring
	 * Boot's properties; start-up is refused here when they are missing or would point
	 * the action-token check at another server.
	 * @param properties the properties
	 * @param resourceServer the resource server
	 * @return the resource settings
	 */
	@Bean
	ResourceSettings countersignResourceSettings(CountersignResourceProperties properties,
			ObjectProvider<OAuth2ResourceServerProperties> resourceServer) {
		return ResourceSettings.of(properties, resourceServer.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	ActionTokenVerifier actionTokenVerifier(CountersignResourceProperties properties, ResourceSettings settings) {
		JWKSource<SecurityContext> keys = JWKSourceBuilder.create(url(settings.jwkSetUri())).build();
		Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
		properties.getAlgorithms().forEach((name) -> algorithms.add(JWSAlgorithm.parse(name)));
		ActionTokenVerifier verifier = new ActionTokenVerifier(keys, algorithms, settings.issuer(),
				settings.audience());
		verifier.setClockSkew(properties.getClockSkew());
		return verifier;
	}

	@Bean
	@ConditionalOnMissingBean
	ActionBindingResolver actionBindingResolver(CountersignResourceProperties properties,
			@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> handlerMappings) {
		List<RouteBinding> routes = new ArrayList<>();
		PathPatternParser parser = PathPatternParser.defaultInstance;
		for (int i = 0; i < properties.getRoutes().size(); i++) {
			routes.add(PropertyRoutes.route(properties.getRoutes().get(i), "countersign.resource.routes[" + i + "]",
					parser));
		}
		RequestMappingHandlerMapping handlerMapping = handlerMappings.getIfAvailable();
		return new ActionBindingResolver(routes, handlerMapping);
	}

	/**
	 * The authorization server's catalog, read from its authorization details types
	 * metadata endpoint.
	 * @param properties the properties
	 * @param settings the settings
	 * @return the action type schemas
	 */
	@Bean
	@ConditionalOnMissingBean
	ActionTypeSchemas actionTypeSchemas(CountersignResourceProperties properties, ResourceSettings settings) {
		CountersignResourceProperties.Catalog catalog = properties.getCatalog();
		String uri = StringUtils.hasText(catalog.getUri()) ? catalog.getUri()
				: settings.issuer() + Endpoints.AUTHORIZATION_DETAILS_TYPES;
		RemoteActionTypeSchemas schemas = new RemoteActionTypeSchemas(
				AuthorizationServerClient.restClient(catalog.getConnectTimeout(), catalog.getReadTimeout()),
				URI.create(uri));
		schemas.setRefreshInterval(catalog.getRefreshInterval());
		return schemas;
	}

	/**
	 * The protected resource metadata (RFC 9728), before Spring Security's filter chain:
	 * public, and in place of Spring Security's own document; with the challenge keys
	 * (draft-rosomakho-oauth-txn-challenge-00) when challenges are signed.
	 * @param bindings the bindings
	 * @param properties the properties
	 * @param settings the settings
	 * @param environment the environment
	 * @param challenges signs transaction authorization challenges, when enabled
	 * @return the filter registration bean
	 */
	@Bean
	@ConditionalOnMissingBean(name = "countersignProtectedResourceMetadataFilterRegistration")
	@ConditionalOnBooleanProperty(name = "countersign.resource.metadata.enabled", matchIfMissing = true)
	FilterRegistrationBean<ProtectedResourceMetadataFilter> countersignProtectedResourceMetadataFilterRegistration(
			ActionBindingResolver bindings, CountersignResourceProperties properties, ResourceSettings settings,
			Environment environment, ObjectProvider<TransactionChallengeIssuer> challenges) {
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
			.claim("authorization_details_types_supported", new ArrayList<>(types))
			// the types' JSON Schemas, at the authorization server that keeps the catalog
			.claim("authorization_details_types_metadata_endpoint",
					settings.issuer().replaceAll("/$", "") + "/authorization-details-types");
		if (StringUtils.hasText(name)) {
			document.resourceName(name);
		}
		TransactionChallengeIssuer challengeIssuer = challenges.getIfAvailable();
		String jwksUri = StringUtils.hasText(properties.getTransactionChallenge().getJwksUri())
				? properties.getTransactionChallenge().getJwksUri()
				: TransactionChallengeKeys.defaultJwksUri(settings.audience());
		if (challengeIssuer != null) {
			// draft-rosomakho-oauth-txn-challenge-00 section 3.3
			document.claim("txn_challenge_jwks_uri", jwksUri)
				.claim("txn_challenge_signing_alg_values_supported",
						new ArrayList<>(List.of(challengeIssuer.algorithm().getName())));
		}
		ProtectedResourceMetadataFilter filter = new ProtectedResourceMetadataFilter(document.build());
		if (challengeIssuer != null) {
			filter.setChallengeKeys(java.net.URI.create(jwksUri).getRawPath(), challengeIssuer.publicJwkSet());
		}
		FilterRegistrationBean<ProtectedResourceMetadataFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
		return registration;
	}

	/**
	 * One line at start-up saying what the starter checks, and warnings for bound types
	 * the issuer does not list.
	 * @param bindings the bindings
	 * @param replayStore the replay store
	 * @param properties the properties
	 * @param settings the settings
	 * @return the startup report
	 */
	@Bean
	@ConditionalOnMissingBean
	StartupReport countersignStartupReport(ActionBindingResolver bindings, ReplayStore replayStore,
			CountersignResourceProperties properties, ResourceSettings settings) {
		CountersignResourceProperties.Catalog catalog = properties.getCatalog();
		return new StartupReport(bindings, replayStore, settings.issuer(),
				AuthorizationServerClient.restClient(catalog.getConnectTimeout(), catalog.getReadTimeout()));
	}

	/**
	 * Refusals of Spring Boot's JWT decoder that name the token's issuer.
	 * @param environment the environment
	 * @return the bearer refusal descriptions
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "countersign.resource.describe-bearer-refusals", matchIfMissing = true)
	static BearerRefusalDescriptions countersignBearerRefusalDescriptions(Environment environment) {
		return new BearerRefusalDescriptions(environment);
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
	 * Spring Boot's JWT decoder of the base token, from a key set URI or an issuer,
	 * converts each key of the set once instead of on every token
	 * ({@link CachingJwsKeySelector}), as the action-token check does. Applied first, so
	 * an application's own {@code jwtProcessorCustomizer} replaces it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JwkSetUriJwtDecoderBuilderCustomizer.class)
	static class BaseTokenKeysConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		JwkSetUriJwtDecoderBuilderCustomizer countersignCachedKeysJwtDecoderCustomizer() {
			return (builder) -> builder.jwtProcessorCustomizer(CachingJwsKeySelector::cacheKeys);
		}

	}

	/**
	 * The base token read from the {@code Authorization} header as Spring Security's
	 * default resolver reads it, without its regular expression on the common case
	 * ({@link HeaderBearerTokenResolver}). Spring Security's resource server takes it as
	 * the application's {@link BearerTokenResolver} bean; an application's own bean, or a
	 * resolver set on its filter chain, is kept.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(BearerTokenResolver.class)
	static class BearerTokenConfiguration {

		@Bean
		@ConditionalOnMissingBean(BearerTokenResolver.class)
		HeaderBearerTokenResolver countersignBearerTokenResolver() {
			return new HeaderBearerTokenResolver();
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

}
