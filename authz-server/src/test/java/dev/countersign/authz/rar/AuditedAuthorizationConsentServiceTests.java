package dev.countersign.authz.rar;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.transaction.support.TransactionOperations;

import dev.countersign.authz.approval.InMemoryAuditLog;
import dev.countersign.core.AuthorizationDetail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every change of a user's granted {@code authorization_details} is audited: granted,
 * revoked, refused on the consent page; scopes are not.
 */
class AuditedAuthorizationConsentServiceTests {

	private final InMemoryAuditLog audit = new InMemoryAuditLog();

	private final InMemoryOAuth2AuthorizationConsentService delegate = new InMemoryOAuth2AuthorizationConsentService();

	private final AuditedAuthorizationConsentService consents = new AuditedAuthorizationConsentService(this.delegate,
			new InMemoryRegisteredClientRepository(TestRegisteredClients.demoClient().build()), this.audit,
			TransactionOperations.withoutTransaction(), TransactionOperations.withoutTransaction());

	@Test
	void saveWhenEntriesAddedAndRemovedThenEachAuditedOnceAndScopesNot() {
		this.consents.save(consent(records(42), records(43)));
		this.consents.save(consent(records(43)));

		assertThat(this.audit.events()).containsExactly("consent-granted alice: granted",
				"consent-granted alice: granted", "consent-revoked alice: revoked");
		assertThat(this.consents.findById("client-1", "alice").getScopes()).containsExactly("accounts.read");
	}

	@Test
	void removeWhenConsentHeldEntriesThenEachRevoked() {
		this.consents.save(consent(records(42)));

		this.consents.remove(consent(records(42)));

		assertThat(this.audit.events()).endsWith("consent-revoked alice: revoked");
		assertThat(this.consents.findById("client-1", "alice")).isNull();
	}

	@Test
	void refusedWhenEntriesUntickedThenAuditedWithTheirFields() {
		this.consents.refused("alice", "demo-client", List
			.of(new AuthorizationDetail("orders.update", Map.of("orderId", BigInteger.valueOf(7)), List.of("status"))));

		assertThat(this.audit.events()).containsExactly("consent-refused alice: refused; fields [\"status\"]");
	}

	private static OAuth2AuthorizationConsent consent(AuthorizationDetail... details) {
		OAuth2AuthorizationConsent.Builder consent = OAuth2AuthorizationConsent.withId("client-1", "alice")
			.scope("accounts.read");
		for (AuthorizationDetail detail : details) {
			consent.authority(new SimpleGrantedAuthority(GrantedAuthorizationDetails.authority(detail)));
		}
		return consent.build();
	}

	private static AuthorizationDetail records(int customerId) {
		return new AuthorizationDetail("records.read", Map.of("customerId", BigInteger.valueOf(customerId)), null);
	}

}
