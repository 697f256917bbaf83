package dev.countersign.authz.rar;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.countersign.authz.catalog.InvalidAuthorizationDetailsException;
import dev.countersign.core.AuthorizationDetail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code authorization_details} request parameter read against the catalog and the
 * client's registered types, without HTTP.
 */
class RequestedAuthorizationDetailsTests {

	private static final Set<String> ALLOWED = Set.of("records.read");

	private final RequestedAuthorizationDetails requested = new RequestedAuthorizationDetails(TestCatalogs.records());

	@Test
	void checkWhenAbsentThenNoEntries() {
		assertThat(this.requested.check((Object) null, ALLOWED)).isEmpty();
	}

	@Test
	void checkWhenValidThenCanonicalEntriesInRequestOrder() {
		List<AuthorizationDetail> details = this.requested
			.check("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":\"43\"}},"
					+ "{\"type\":\"records.read\",\"parameters\":{\"customerId\":{\"in\":[42,43]}}}]", ALLOWED);
		assertThat(details).containsExactly(
				new AuthorizationDetail("records.read", Map.of("customerId", BigInteger.valueOf(43)), null),
				new AuthorizationDetail("records.read",
						Map.of("customerId", Map.of("in", List.of(BigInteger.valueOf(42), BigInteger.valueOf(43)))),
						null));
	}

	@Test
	void checkWhenTheSameParameterAgainThenCheckedOnceAndStillPerClientTypes() {
		String parameter = "[{\"type\":\"records.read\",\"parameters\":{\"customerId\":43}}]";
		List<AuthorizationDetail> first = this.requested.check(parameter, ALLOWED);

		assertThat(this.requested.check(new String(parameter), ALLOWED)).isSameAs(first);
		assertThatExceptionOfType(InvalidAuthorizationDetailsException.class)
			.isThrownBy(() -> this.requested.check(parameter, Set.of("orders.update")))
			.withMessageContaining("the client is not registered for type 'records.read'");
	}

	@Test
	void checkWhenGivenTwiceThenRefused() {
		assertThatExceptionOfType(InvalidAuthorizationDetailsException.class)
			.isThrownBy(() -> this.requested.check(new String[] { "[]", "[]" }, ALLOWED))
			.withMessage("authorization_details must be given once");
	}

	@Test
	void checkWhenNotJsonOrNotAnArrayOrEmptyThenRefusedSayingWhich() {
		assertThatExceptionOfType(InvalidAuthorizationDetailsException.class)
			.isThrownBy(() -> this.requested.check("[{", ALLOWED))
			.withMessageStartingWith("authorization_details is not JSON: ");
		assertThatExceptionOfType(InvalidAuthorizationDetailsException.class)
			.isThrownBy(() -> this.requested.check("{}", ALLOWED))
			.withMessage("authorization_details must be a JSON array");
		assertThatExceptionOfType(InvalidAuthorizationDetailsException.class)
			.isThrownBy(() -> this.requested.check("[]", ALLOWED))
			.withMessage("authorization_details must hold 1 to 20 entries, not 0");
	}

	@Test
	void checkWhenTypeUnknownOrNotRegisteredThenRefusedNamingTheEntry() {
		assertThatExceptionOfType(InvalidAuthorizationDetailsException.class)
			.isThrownBy(() -> this.requested.check("[{\"type\":\"payments.refund\",\"parameters\":{}}]", ALLOWED))
			.withMessage("authorization_details[0]: type 'payments.refund' is not in the action catalog");
		assertThatExceptionOfType(InvalidAuthorizationDetailsException.class).isThrownBy(
				() -> this.requested.check("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":1}}]", Set.of()))
			.withMessage("authorization_details[0]: the client is not registered for type 'records.read'");
	}

	@Test
	void checkWhenAnEntryRepeatsAnotherThenRefused() {
		assertThatExceptionOfType(InvalidAuthorizationDetailsException.class)
			.isThrownBy(() -> this.requested.check("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":1}},"
					+ "{\"type\":\"records.read\",\"parameters\":{\"customerId\":1.0}}]", ALLOWED))
			.withMessageStartingWith("authorization_details[1]");
	}

	@Test
	void checkWhenAValueBreaksTheCatalogThenRefusedNamingTheParameter() {
		assertThatExceptionOfType(InvalidAuthorizationDetailsException.class).isThrownBy(
				() -> this.requested.check("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":0}}]", ALLOWED))
			.withMessageContaining("customerId");
	}

}
