package dev.countersign.authz.rar;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import dev.countersign.authz.catalog.InvalidAuthorizationDetailsException;
import dev.countersign.authz.token.ClientMetadata;
import dev.countersign.core.AuthorizationDetail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * What a client may carry by client credentials, without HTTP: the policy is read against
 * the catalog, and every requested entry must lie within one allowed entry.
 */
class ClientCredentialsPolicyTests {

	private final ClientCredentialsPolicy policy = new ClientCredentialsPolicy(TestCatalogs.records());

	@Test
	void checkWhenNoEntriesRequestedThenNothingToCheck() {
		assertThatNoException().isThrownBy(() -> this.policy.check(client(null), List.of()));
	}

	@Test
	void checkWhenTheClientHasNoPolicyThenRefusedNamingTheClient() {
		assertThatExceptionOfType(InvalidAuthorizationDetailsException.class)
			.isThrownBy(() -> this.policy.check(client(null), List.of(records(42))))
			.withMessageStartingWith("client service may not carry authorization_details by client credentials");
	}

	@Test
	void checkWhenTheEntryLiesWithinTheAllowedListThenAccepted() {
		RegisteredClient client = client(
				"[{\"type\":\"records.read\",\"parameters\":{\"customerId\":{\"in\":[42,43]}}}]");
		assertThatNoException().isThrownBy(() -> this.policy.check(client, List.of(records(42))));
		assertThatNoException()
			.isThrownBy(() -> this.policy.check(client, List.of(new AuthorizationDetail("records.read",
					Map.of("customerId", Map.of("in", List.of(BigInteger.valueOf(43)))), null))));
	}

	@Test
	void checkWhenTheEntryIsWiderThanEveryAllowedOneThenRefusedNamingItsIndex() {
		RegisteredClient client = client(
				"[{\"type\":\"records.read\",\"parameters\":{\"customerId\":{\"in\":[42,43]}}}]");
		assertThatExceptionOfType(InvalidAuthorizationDetailsException.class)
			.isThrownBy(() -> this.policy.check(client, List.of(records(42), records(44))))
			.withMessageStartingWith("authorization_details[1] is wider than client service may carry");
		assertThatExceptionOfType(InvalidAuthorizationDetailsException.class)
			.isThrownBy(() -> this.policy.check(client, List.of(new AuthorizationDetail("records.read",
					Map.of("customerId", Map.of("min", BigInteger.ONE)), null))));
	}

	@Test
	void checkWhenTheAllowedEntryConstrainsNothingThenAnyValueOfItsType() {
		RegisteredClient client = client("[{\"type\":\"records.read\"}]");
		assertThatNoException().isThrownBy(() -> this.policy.check(client, List.of(records(44))));
	}

	@Test
	void readWhenThePolicyNamesATypeOutsideTheCatalogThenRefused() {
		assertThatExceptionOfType(InvalidAuthorizationDetailsException.class)
			.isThrownBy(() -> this.policy.read("[{\"type\":\"payments.refund\"}]"));
		assertThat(this.policy.read("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}}]"))
			.containsExactly(records(42));
	}

	private static AuthorizationDetail records(int customerId) {
		return new AuthorizationDetail("records.read", Map.of("customerId", BigInteger.valueOf(customerId)), null);
	}

	private static RegisteredClient client(String policy) {
		ClientSettings.Builder settings = ClientSettings.builder();
		if (policy != null) {
			settings.setting(ClientMetadata.CLIENT_CREDENTIALS_AUTHORIZATION_DETAILS, policy);
		}
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("service")
			.clientSecret("{noop}secret")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.clientSettings(settings.build())
			.build();
	}

}
