package dev.countersign.resource.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.SpringAuthorizationEventPublisher;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import dev.countersign.resource.replay.ReplayStore;
import dev.countersign.resource.validation.ActionTokenVerifier;
import dev.countersign.resource.validation.ActionTypeSchemas;
import dev.countersign.resource.web.ActionApprovalFilter;
import dev.countersign.resource.web.ActionBindingResolver;
import dev.countersign.resource.web.CountersignConfigurer;
import dev.countersign.resource.web.ProtectedResourceMetadataFilter;
import dev.countersign.resource.web.TransactionChallengeIssuer;
import dev.countersign.resource.web.UncheckedRouteGuard;

/**
 * The check in the application's security filter chains: the {@link ActionApprovalFilter}
 * bean (never a servlet filter of its own), the {@code Customizer<HttpSecurity>} that
 * joins it to every chain, and the guard that fails closed for a bound route no such
 * chain served.
 */
@Configuration(proxyBeanMethods = false)
class ActionCheckConfiguration {

	/**
	 * The check itself; it runs inside the application's security filter chains
	 * ({@code countersignHttpSecurityCustomizer}), never as a servlet filter of its own.
	 * @param bindings the bindings
	 * @param verifier the verifier
	 * @param replayStore the replay store
	 * @param schemas the schemas
	 * @param properties the properties
	 * @param settings the settings
	 * @param context the context
	 * @param handlerAdapters the handler adapters
	 * @param authorizationEvents the authorization events
	 * @param securityContextHolderStrategy the security context holder strategy
	 * @param challenges signs transaction authorization challenges, when enabled
	 * @return the action approval filter
	 */
	/**
	 * Signs transaction authorization challenges with the API's own key.
	 * @param properties the properties
	 * @param settings the settings
	 * @return the challenge issuer
	 */
	@Bean
	@ConditionalOnMissingBean
	@org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty(
			name = "countersign.resource.transaction-challenge.enabled", matchIfMissing = true)
	TransactionChallengeIssuer transactionChallengeIssuer(CountersignResourceProperties properties,
			ResourceSettings settings) {
		CountersignResourceProperties.TransactionChallenge challenge = properties.getTransactionChallenge();
		TransactionChallengeIssuer issuer = new TransactionChallengeIssuer(
				TransactionChallengeKeys.load(challenge, settings.audience()), settings.audience(), settings.issuer());
		issuer.setLifetime(challenge.getLifetime());
		return issuer;
	}

	@Bean
	@ConditionalOnMissingBean
	ActionApprovalFilter actionApprovalFilter(ActionBindingResolver bindings, ActionTokenVerifier verifier,
			ReplayStore replayStore, ActionTypeSchemas schemas, CountersignResourceProperties properties,
			ResourceSettings settings, ApplicationContext context,
			@Qualifier("requestMappingHandlerAdapter") ObjectProvider<RequestMappingHandlerAdapter> handlerAdapters,
			ObjectProvider<AuthorizationEventPublisher> authorizationEvents,
			ObjectProvider<SecurityContextHolderStrategy> securityContextHolderStrategy,
			ObjectProvider<TransactionChallengeIssuer> challenges) {
		ActionApprovalFilter filter = new ActionApprovalFilter(bindings, verifier, replayStore, schemas);
		challenges.ifAvailable(filter::setTransactionChallengeIssuer);
		filter.setMaxBodySize(properties.getMaxBodySize());
		filter.setBaseTokenClaims(properties.getBaseTokenSubjectClaim(), properties.getBaseTokenClientClaim());
		filter.setChallengeParameters(
				properties.getMetadata().isEnabled()
						? (StringUtils.hasText(properties.getMetadata().getUri()) ? properties.getMetadata().getUri()
								: ProtectedResourceMetadataFilter.metadataUri(settings.audience()))
						: null,
				settings.issuer(), settings.approvalEndpoint());
		filter.setEventPublisher(context);
		filter.setAuthorizationEventPublisher(
				authorizationEvents.getIfAvailable(() -> new SpringAuthorizationEventPublisher(context)));
		securityContextHolderStrategy.ifAvailable(filter::setSecurityContextHolderStrategy);
		List<MediaType> jsonTypes = jsonMediaTypes(handlerAdapters.getIfAvailable());
		if (!jsonTypes.isEmpty()) {
			filter.setJsonMediaTypes(jsonTypes);
		}
		return filter;
	}

	/**
	 * Keeps the servlet container from running the check outside the security chain.
	 * @param filter the filter
	 * @return the filter registration bean
	 */
	@Bean
	@ConditionalOnMissingBean(name = "countersignActionApprovalFilterRegistration")
	FilterRegistrationBean<ActionApprovalFilter> countersignActionApprovalFilterRegistration(
			ActionApprovalFilter filter) {
		FilterRegistrationBean<ActionApprovalFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setEnabled(false);
		return registration;
	}

	/**
	 * Joins the check to every security filter chain built from Spring Security's
	 * {@code HttpSecurity}, the application's and Spring Boot's default alike, after its
	 * {@code AuthorizationFilter}.
	 * @return the customizer
	 */
	@Bean
	@ConditionalOnMissingBean(name = "countersignHttpSecurityCustomizer")
	@ConditionalOnBooleanProperty(name = "countersign.resource.join-security-filter-chains", matchIfMissing = true)
	Customizer<HttpSecurity> countersignHttpSecurityCustomizer() {
		return (http) -> http.with(CountersignConfigurer.countersign(), Customizer.withDefaults());
	}

	/**
	 * Fails closed for a bound route that no chain with the check served: after Spring
	 * Security's filter chain.
	 * @param bindings the bindings
	 * @param filter the filter
	 * @return the filter registration bean
	 */
	@Bean
	@ConditionalOnMissingBean(name = "countersignUncheckedRouteGuardRegistration")
	FilterRegistrationBean<UncheckedRouteGuard> countersignUncheckedRouteGuardRegistration(
			ActionBindingResolver bindings, ActionApprovalFilter filter) {
		FilterRegistrationBean<UncheckedRouteGuard> registration = new FilterRegistrationBean<>(
				new UncheckedRouteGuard(bindings, filter));
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
		return registration;
	}

	/**
	 * Every media type that a JSON-reading message converter of Spring MVC reads, so the
	 * filter checks each body a controller would get as JSON.
	 * @param adapter the handler adapter of Spring MVC, or {@code null}
	 * @return the media types
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

}
