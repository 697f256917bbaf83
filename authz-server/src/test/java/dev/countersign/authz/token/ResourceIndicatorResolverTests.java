package dev.countersign.authz.token;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ResourceIndicatorResolverTests {

	private static final String API = "https://api.example";

	private static final String OTHER = "https://other.example";

	private final RegisteredClient client = TestRegisteredClients.client(API, OTHER);

	@Test
	void resolveWhenNothingRequestedThenRegisteredResources() {
		assertThat(ResourceIndicatorResolver.resolve(this.client, null, null)).containsExactly(API, OTHER);
	}

	@Test
	void resolveWhenClientHasNoResourcesThenEmptyKeepingDefault() {
		assertThat(ResourceIndicatorResolver.resolve(TestRegisteredClients.client(), null, null)).isEmpty();
	}

	@Test
	void resolveWhenRequestedAtTokenEndpointThenOnlyThose() {
		assertThat(ResourceIndicatorResolver.resolve(this.client, OTHER, null)).containsExactly(OTHER);
		assertThat(ResourceIndicatorResolver.resolve(this.client, new String[] { OTHER, API }, null))
			.containsExactly(OTHER, API);
	}

	@Test
	void resolveWhenRequestedAtAuthorizationThenThose() {
		assertThat(ResourceIndicatorResolver.resolve(this.client, null, API)).containsExactly(API);
	}

	@Test
	void resolveWhenTokenRequestNarrowsThenNarrowed() {
		assertThat(ResourceIndicatorResolver.resolve(this.client, API, new String[] { API, OTHER }))
			.containsExactly(API);
	}

	@Test
	void resolveWhenTokenRequestWidensThenInvalidTarget() {
		assertThatExceptionOfType(ResourceIndicatorResolver.InvalidTargetException.class)
			.isThrownBy(() -> ResourceIndicatorResolver.resolve(this.client, OTHER, API))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_target"));
	}

	@Test
	void resolveWhenNotRegisteredThenInvalidTargetNamingIt() {
		assertThatExceptionOfType(ResourceIndicatorResolver.InvalidTargetException.class)
			.isThrownBy(() -> ResourceIndicatorResolver.resolve(this.client, "https://evil.example", null))
			.withMessageContaining("'https://evil.example' is not registered");
	}

	@Test
	void resolveWhenNotAbsoluteOrWithFragmentThenInvalidTarget() {
		assertThatExceptionOfType(ResourceIndicatorResolver.InvalidTargetException.class)
			.isThrownBy(() -> ResourceIndicatorResolver.resolve(this.client, "api.example", null));
		assertThatExceptionOfType(ResourceIndicatorResolver.InvalidTargetException.class)
			.isThrownBy(() -> ResourceIndicatorResolver.resolve(this.client, API + "#x", null));
	}

	@Test
	void validateWhenAllowedThenNoErrorElseInvalidTarget() {
		assertThat(ResourceIndicatorResolver.validate(this.client, API)).isNull();
		assertThat(ResourceIndicatorResolver.validate(this.client, null)).isNull();
		assertThat(ResourceIndicatorResolver.validate(this.client, "https://evil.example").getErrorCode())
			.isEqualTo("invalid_target");
	}

}
