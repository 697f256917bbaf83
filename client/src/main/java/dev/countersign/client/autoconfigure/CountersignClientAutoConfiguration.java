package dev.countersign.client.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;

import dev.countersign.client.ApprovalPrompt;
import dev.countersign.client.CountersignApprovalInterceptor;
import dev.countersign.client.CountersignApprovals;

/**
 * With {@code countersign.client.issuer} set, the application's
 * {@code RestClient.Builder} gets the {@link CountersignApprovalInterceptor}: every
 * {@code RestClient} built from it asks for approval by itself. The application's
 * {@link ApprovalPrompt} bean shows the user each approval; without one, each is written
 * to the log (the link and the number, never a token).
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.web.client.RestClient")
@ConditionalOnProperty(prefix = "countersign.client", name = "issuer")
@EnableConfigurationProperties(CountersignClientProperties.class)
public class CountersignClientAutoConfiguration {

	private static final Log logger = LogFactory.getLog(CountersignClientAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	CountersignApprovals countersignApprovals(CountersignClientProperties properties,
			ObjectProvider<ApprovalPrompt> prompt) {
		CountersignApprovals approvals = new CountersignApprovals(
				java.util.Objects.requireNonNull(properties.getIssuer()),
				prompt.getIfAvailable(
						() -> (approval) -> logger.info("Approval needed: open " + approval.approvalUri() + " and pick "
								+ approval.userCode() + " (expires in " + approval.expiresIn().toSeconds() + " s)")));
		if (StringUtils.hasText(properties.getClientId()) && StringUtils.hasText(properties.getClientSecret())) {
			approvals.setClientCredentials(properties.getClientId(), properties.getClientSecret());
		}
		approvals.setBindingMessage(properties.getBindingMessage());
		approvals.setMaxWait(properties.getMaxWait());
		return approvals;
	}

	@Bean
	@ConditionalOnClass(RestClientCustomizer.class)
	RestClientCustomizer countersignApprovalRestClientCustomizer(CountersignApprovals approvals) {
		return (builder) -> builder.requestInterceptor(new CountersignApprovalInterceptor(approvals));
	}

}
