package dev.countersign.resource.autoconfigure;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.test.util.ReflectionTestUtils;

import dev.countersign.core.HeaderBearerTokenResolver;
import dev.countersign.resource.replay.AuthorizationServerReplayStore;
import dev.countersign.resource.replay.InMemoryReplayStore;
import dev.countersign.resource.replay.JdbcReplayStore;
import dev.countersign.resource.replay.RedisReplayStore;
import dev.countersign.resource.replay.ReplayStore;
import dev.countersign.resource.validation.ActionTokenVerifier;
import dev.countersign.resource.validation.ActionTypeSchemas;
import dev.countersign.resource.validation.CachingJwsKeySelector;
import dev.countersign.resource.validation.CachingJwsVerifierFactory;
import dev.countersign.resource.validation.InMemoryActionTypeSchemas;
import dev.countersign.resource.validation.RemoteActionTypeSchemas;
import dev.countersign.resource.web.ActionBindingResolver;
import dev.countersign.resource.web.ActionCheckMetrics;

import static org.assertj.core.api.Assertions.assertThat;

class CountersignResourceServerAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CountersignResourceServerAutoConfiguration.class))
		.withPropertyValues("countersign.resource.issuer-uri=http://localhost:9000",
				"countersign.resource.audience=http://localhost:8080", "countersign.resource.consume.client-id=api",
				"countersign.resource.consume.client-secret=secret");

	@Test
	void autoConfigurationWhenConfiguredThenFilterAndAuthorizationServerReplayStore() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ActionTokenVerifier.class);
			assertThat(context).hasSingleBean(ActionBindingResolver.class);
			assertThat(context).getBean(ReplayStore.class).isInstanceOf(AuthorizationServerReplayStore.class);
			assertThat(context).hasBean("countersignActionApprovalFilterRegistration");
			assertThat(context.getBean(ActionTokenVerifier.class).getClockSkew()).hasSeconds(10);
		});
	}

	@Test
	void accessTokenTypeWhenNotDeclaredThenRfc9068TypesForBootsDecoder() {
		this.runner.run((context) -> {
			JwtTypeValidator validator = context.getBean(JwtTypeValidator.class);
			assertThat(validator.validate(jwt("at+jwt")).hasErrors()).isFalse();
			assertThat(validator.validate(jwt("application/at+jwt")).hasErrors()).isFalse();
			assertThat(validator.validate(jwt("JWT")).hasErrors()).isTrue();
			assertThat(validator.validate(jwt("action+jwt")).hasErrors()).isTrue();
		});
	}

	@Test
	void accessTokenTypeWhenConfiguredThenThoseTypes() {
		this.runner.withPropertyValues("countersign.resource.access-token-types=at+jwt,JWT")
			.run((context) -> assertThat(context.getBean(JwtTypeValidator.class).validate(jwt("JWT")).hasErrors())
				.isFalse());
	}

	@Test
	void accessTokenTypeWhenUserDeclaresAValidatorThenBackOff() {
		JwtTypeValidator own = JwtTypeValidator.jwt();
		this.runner.withBean(JwtTypeValidator.class, () -> own)
			.run((context) -> assertThat(context).getBean(JwtTypeValidator.class).isSameAs(own));
	}

	@Test
	void protectedResourceMetadataWhenDisabledOrDeclaredThenNoneOrTheUsers() {
		this.runner
			.run((context) -> assertThat(context).hasBean("countersignProtectedResourceMetadataFilterRegistration"));
		this.runner.withPropertyValues("countersign.resource.metadata.enabled=false")
			.run((context) -> assertThat(context)
				.doesNotHaveBean("countersignProtectedResourceMetadataFilterRegistration"));
		this.runner
			.withBean("countersignProtectedResourceMetadataFilterRegistration", FilterRegistrationBean.class,
					FilterRegistrationBean::new)
			.run((context) -> assertThat(context
				.getBean("countersignProtectedResourceMetadataFilterRegistration", FilterRegistrationBean.class)
				.getFilter()).isNull());
	}

	@Test
	void baseTokenDecoderWhenBootBuildsItThenKeysConvertedOnce() {
		this.runner.withConfiguration(AutoConfigurations
			.of(org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration.class))
			.withPropertyValues(
					"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://localhost:9000/oauth2/jwks",
					"countersign.resource.jwk-set-uri=http://localhost:9000/oauth2/jwks")
			.run((context) -> {
				Object decoder = context.getBean(org.springframework.security.oauth2.jwt.JwtDecoder.class);
				// the starter's rewording wrapper around Boot's NimbusJwtDecoder
				Object nimbus = ReflectionTestUtils.getField(decoder, "delegate");
				assertThat(nimbus).isInstanceOf(org.springframework.security.oauth2.jwt.NimbusJwtDecoder.class);
				Object processor = ReflectionTestUtils.getField(nimbus, "jwtProcessor");
				assertThat(((com.nimbusds.jwt.proc.ConfigurableJWTProcessor<?>) processor).getJWSKeySelector())
					.isInstanceOf(CachingJwsKeySelector.class);
				assertThat(((com.nimbusds.jwt.proc.ConfigurableJWTProcessor<?>) processor).getJWSVerifierFactory())
					.isInstanceOf(CachingJwsVerifierFactory.class);
			});
	}

	@Test
	void bearerTokenResolverWhenNoneDeclaredThenTheHeaderReaderAndTheApplicationsOwnKept() {
		this.runner.run((context) -> assertThat(context).getBean(BearerTokenResolver.class)
			.isInstanceOf(HeaderBearerTokenResolver.class));
		BearerTokenResolver own = new DefaultBearerTokenResolver();
		this.runner.withBean(BearerTokenResolver.class, () -> own)
			.run((context) -> assertThat(context).getBean(BearerTokenResolver.class).isSameAs(own));
	}

	private static org.springframework.security.oauth2.jwt.Jwt jwt(String type) {
		return org.springframework.security.oauth2.jwt.Jwt.withTokenValue("t")
			.header("typ", type)
			.claim("sub", "alice")
			.build();
	}

	@Test
	void actionTypeSchemasWhenNotDeclaredThenReadFromTheAuthorizationServer() {
		this.runner.run((context) -> assertThat(context).getBean(ActionTypeSchemas.class)
			.isInstanceOf(RemoteActionTypeSchemas.class));
	}

	@Test
	void actionTypeSchemasWhenUserDeclaresThemThenBackOff() {
		ActionTypeSchemas own = new InMemoryActionTypeSchemas(List.of());
		this.runner.withBean(ActionTypeSchemas.class, () -> own)
			.run((context) -> assertThat(context).getBean(ActionTypeSchemas.class).isSameAs(own));
	}

	@Test
	void replayStoreWhenInMemoryThenInMemory() {
		this.runner.withPropertyValues("countersign.resource.replay-store=in-memory")
			.run((context) -> assertThat(context).getBean(ReplayStore.class).isInstanceOf(InMemoryReplayStore.class));
	}

	@Test
	void replayStoreWhenJdbcThenOnTheApplicationsJdbcTemplate() {
		this.runner.withPropertyValues("countersign.resource.replay-store=jdbc")
			.withBean(JdbcTemplate.class,
					() -> new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource()))
			.run((context) -> assertThat(context).getBean(ReplayStore.class).isInstanceOf(JdbcReplayStore.class));
	}

	@Test
	void replayStoreWhenRedisThenOnTheApplicationsRedisTemplate() {
		this.runner.withPropertyValues("countersign.resource.replay-store=redis")
			.withBean(StringRedisTemplate.class,
					() -> new StringRedisTemplate(
							new org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory()))
			.run((context) -> assertThat(context).getBean(ReplayStore.class).isInstanceOf(RedisReplayStore.class));
	}

	@Test
	void replayStoreWhenRedisLibraryMissingThenFailsNamingIt() {
		this.runner.withPropertyValues("countersign.resource.replay-store=redis")
			.withClassLoader(new FilteredClassLoader(StringRedisTemplate.class))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage(
						"countersign.resource.replay-store=redis needs spring-boot-starter-data-redis on the classpath"));
	}

	@Test
	void beansWhenUserDeclaresThemThenBackOff() {
		ReplayStore own = (jti, expiresAt) -> true;
		this.runner.withBean(ReplayStore.class, () -> own)
			.withBean("countersignActionApprovalFilterRegistration", FilterRegistrationBean.class,
					FilterRegistrationBean::new)
			.run((context) -> {
				assertThat(context).getBean(ReplayStore.class).isSameAs(own);
				assertThat(context.getBean("countersignActionApprovalFilterRegistration", FilterRegistrationBean.class)
					.getFilter()).isNull();
			});
	}

	@Test
	void verifierAndResolverWhenUserDeclaresThemThenBackOff() {
		this.runner
			.withBean("ownResolver", ActionBindingResolver.class, () -> new ActionBindingResolver(List.of(), null))
			.run((context) -> assertThat(context).getBeans(ActionBindingResolver.class)
				.containsOnlyKeys("ownResolver"));
	}

	@Test
	void verifierWhenUserDeclaresOneThenBackOff() {
		ActionTokenVerifier own = new ActionTokenVerifier(new ImmutableJWKSet<>(new JWKSet()),
				Set.of(JWSAlgorithm.RS256), "https://as.example", "https://api.example");
		this.runner.withBean(ActionTokenVerifier.class, () -> own)
			.run((context) -> assertThat(context).getBean(ActionTokenVerifier.class).isSameAs(own));
	}

	@Test
	void metricsWhenRegistryThenMetricsListenerElseNone() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(ActionCheckMetrics.class));
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ActionCheckMetrics.class));
	}

	@Test
	void metricsWhenUserDeclaresListenerThenBackOff() {
		io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new SimpleMeterRegistry();
		dev.countersign.resource.web.ActionCheckMetrics own = new ActionCheckMetrics(registry);
		this.runner.withBean(MeterRegistry.class, () -> registry)
			.withBean(ActionCheckMetrics.class, () -> own)
			.run((context) -> assertThat(context).getBean(ActionCheckMetrics.class).isSameAs(own));
	}

	@Test
	void startWhenAnnotationMalformedThenFailsNamingTheHandler() {
		this.runner
			.withConfiguration(
					AutoConfigurations.of(org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration.class,
							org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration.class))
			.withBean(BrokenController.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("is not a parameter source"));
	}

	@Test
	void autoConfigurationWhenDisabledThenNothing() {
		this.runner.withPropertyValues("countersign.resource.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ActionTokenVerifier.class)
				.doesNotHaveBean("countersignActionApprovalFilterRegistration"));
	}

	@Test
	void autoConfigurationWhenNoResourceServerOnClasspathThenNothing() {
		this.runner.withClassLoader(new FilteredClassLoader(JwtAuthenticationToken.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ActionTokenVerifier.class));
	}

	@Test
	void startWhenIssuerMissingThenFailsNamingSetting() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CountersignResourceServerAutoConfiguration.class))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("countersign.resource.issuer-uri"));
	}

	@Test
	void startWhenClockSkewOverThirtySecondsThenFails() {
		this.runner.withPropertyValues("countersign.resource.clock-skew=60s")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void inMemoryStoreWhenUsedTwiceThenSecondRefused() {
		this.runner.withPropertyValues("countersign.resource.replay-store=in-memory").run((context) -> {
			ReplayStore store = context.getBean(ReplayStore.class);
			assertThat(store.markUsed("a", Instant.now().plusSeconds(60))).isTrue();
			assertThat(store.markUsed("a", Instant.now().plusSeconds(60))).isFalse();
		});
	}

	@org.springframework.web.bind.annotation.RestController
	static class BrokenController {

		@org.springframework.web.bind.annotation.PostMapping("/broken")
		@dev.countersign.resource.web.RequiresApproval(type = "x.y", parameters = "amount=amount")
		String broken() {
			return "never";
		}

	}

}
