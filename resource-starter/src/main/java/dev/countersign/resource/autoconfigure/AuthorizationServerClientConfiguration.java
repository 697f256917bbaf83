package dev.countersign.resource.autoconfigure;

import java.net.URI;
import java.util.Objects;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

import dev.countersign.core.Endpoints;
import dev.countersign.resource.client.AuthorizationServerClient;
import dev.countersign.resource.web.ActionTokenRejectionReporter;

/**
 * The resource server's client of the authorization server, when its client credentials
 * are configured; and the reporter of rejected action tokens that uses it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "countersign.resource.consume", name = { "client-id", "client-secret" })
final class AuthorizationServerClientConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AuthorizationServerClient authorizationServerClient(CountersignResourceProperties properties,
			ResourceSettings settings) {
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
			CountersignResourceProperties properties, ResourceSettings settings) {
		CountersignResourceProperties.Consume consume = properties.getConsume();
		String endpoint = StringUtils.hasText(consume.getRejectionsEndpoint()) ? consume.getRejectionsEndpoint()
				: settings.issuer() + Endpoints.REJECTIONS;
		return new ActionTokenRejectionReporter(client, URI.create(endpoint), consume.getReportQueueCapacity());
	}

}
