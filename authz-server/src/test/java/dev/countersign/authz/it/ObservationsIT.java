package dev.countersign.authz.it;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security's per-filter observations are off by default (they cost a quarter of
 * the consume endpoint's CPU); HTTP request observations stay.
 */
class ObservationsIT extends AbstractAuthorizationServerIT {

	@Autowired
	private ObservationRegistry registry;

	@Test
	void observationsWhenSpringSecurityThenNoopAndHttpRequestsObserved() {
		assertThat(Observation.start("spring.security.filterchains", this.registry).isNoop()).isTrue();
		assertThat(Observation.start("spring.security.authentications", this.registry).isNoop()).isTrue();
		assertThat(Observation.start("http.server.requests", this.registry).isNoop()).isFalse();
	}

}
