package dev.countersign.client.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

import dev.countersign.client.ApprovalPrompt;
import dev.countersign.client.CountersignApprovals;

import static org.assertj.core.api.Assertions.assertThat;

class CountersignClientAutoConfigurationTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CountersignClientAutoConfiguration.class));

	@Test
	void autoConfigurationWhenIssuerSetThenTheBuildersInterceptorAsksForApproval() {
		this.contexts.withPropertyValues("countersign.client.issuer=https://as.example")
			.withBean(ApprovalPrompt.class, () -> (approval) -> {
			})
			.run((context) -> {
				assertThat(context).hasSingleBean(CountersignApprovals.class).hasSingleBean(RestClientCustomizer.class);
				RestClient.Builder builder = RestClient.builder();
				context.getBean(RestClientCustomizer.class).customize(builder);
				builder.requestInterceptors((interceptors) -> assertThat(interceptors).hasSize(1));
				assertThat(context.getBean(CountersignApprovals.class).acceptsChallenges(new HttpHeaders())).isFalse();
			});
	}

	@Test
	void autoConfigurationWhenClientCredentialsThenCallsAcceptChallenges() {
		this.contexts
			.withPropertyValues("countersign.client.issuer=https://as.example", "countersign.client.client-id=agent",
					"countersign.client.client-secret=agent-secret")
			.run((context) -> assertThat(
					context.getBean(CountersignApprovals.class).acceptsChallenges(new HttpHeaders()))
				.isTrue());
	}

	@Test
	void autoConfigurationWhenNoIssuerThenNothing() {
		this.contexts.run((context) -> assertThat(context).doesNotHaveBean(CountersignApprovals.class));
	}

}
