package dev.countersign.authz.approval.authentication;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import dev.countersign.authz.token.ClientMetadata;
import dev.countersign.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long the consume and rejection endpoints keep what a resource server serves.
 */
class ServedResourcesTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final InMemoryRegisteredClientRepository clients = new InMemoryRegisteredClientRepository(
			api("http://localhost:8080"));

	@Test
	void ofWhenChangedWithinTheTimeToLiveThenOldResourcesUntilItPasses() {
		ServedResources served = new ServedResources(this.clients, Duration.ofSeconds(10));
		served.setClock(this.clock);
		assertThat(served.of("api")).containsExactly("http://localhost:8080");
		this.clients.save(api("http://localhost:8081"));
		this.clock.advance(Duration.ofSeconds(9));
		assertThat(served.of("api")).containsExactly("http://localhost:8080");
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(served.of("api")).containsExactly("http://localhost:8081");
	}

	@Test
	void ofWhenTimeToLiveZeroThenEveryCallReadsTheClient() {
		ServedResources served = new ServedResources(this.clients, Duration.ZERO);
		served.setClock(this.clock);
		assertThat(served.of("api")).containsExactly("http://localhost:8080");
		this.clients.save(api("http://localhost:8081"));
		assertThat(served.of("api")).containsExactly("http://localhost:8081");
	}

	@Test
	void ofWhenClientUnknownThenNothingServed() {
		ServedResources served = new ServedResources(this.clients, Duration.ofSeconds(10));
		assertThat(served.of("nobody")).isEmpty();
	}

	private static final String ID = UUID.randomUUID().toString();

	private static RegisteredClient api(String resource) {
		return RegisteredClient.withId(ID)
			.clientId("api")
			.clientSecret("{noop}secret")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.clientSettings(
					ClientMetadata.with(ClientSettings.builder(), ClientMetadata.SERVED_RESOURCES, List.of(resource))
						.build())
			.build();
	}

}
