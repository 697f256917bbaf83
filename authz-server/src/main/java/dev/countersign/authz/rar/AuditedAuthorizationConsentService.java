package dev.countersign.authz.rar;

import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;

import dev.countersign.authz.audit.AuditLog;
import dev.countersign.authz.audit.AuditRecord;
import dev.countersign.core.AuthorizationDetail;
import dev.countersign.core.StrictJson;

/**
 * An {@link OAuth2AuthorizationConsentService} that writes every granted and every
 * revoked {@code authorization_details} entry to the audit log, in the transaction that
 * saves or removes the consent: {@value #GRANTED} and {@value #REVOKED}, one event per
 * entry, with the entry's type and parameters. Entries the user refused on the consent
 * page are recorded by {@link #refused} as {@value #REFUSED}.
 * <p>
 * Lookups run in {@code reads}, a scope that keeps one pooled connection for the whole
 * call: Spring's JDBC consent service reads the registered client while the consent's
 * result set still holds its connection.
 */
public final class AuditedAuthorizationConsentService
		implements OAuth2AuthorizationConsentService, AuthorizationDetailsConsentCustomizer.Refusals {

	/** The audit event of an entry the user granted. */
	public static final String GRANTED = "consent-granted";

	/** The audit event of a granted entry the consent no longer holds. */
	public static final String REVOKED = "consent-revoked";

	/** The audit event of a requested entry the user did not grant. */
	public static final String REFUSED = "consent-refused";

	/** The audit log's outcome column holds this many characters. */
	private static final int MAX_OUTCOME = 200;

	private final OAuth2AuthorizationConsentService delegate;

	private final RegisteredClientRepository clients;

	private final AuditLog audit;

	private final TransactionOperations transactions;

	private final TransactionOperations reads;

	/**
	 * A consent service that audits what each consent grants and revokes.
	 * @param delegate the consent service
	 * @param clients the registered clients
	 * @param audit the audit log
	 * @param transactions the transactions of saves and removes
	 * @param reads a scope holding one connection for a whole lookup without a
	 * transaction ({@code PROPAGATION_SUPPORTS} with synchronization)
	 */
	public AuditedAuthorizationConsentService(OAuth2AuthorizationConsentService delegate,
			RegisteredClientRepository clients, AuditLog audit, TransactionOperations transactions,
			TransactionOperations reads) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(audit, "audit cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.notNull(reads, "reads cannot be null");
		this.delegate = delegate;
		this.clients = clients;
		this.audit = audit;
		this.transactions = transactions;
		this.reads = reads;
	}

	@Override
	public void save(OAuth2AuthorizationConsent consent) {
		this.transactions.executeWithoutResult((status) -> {
			Set<String> before = details(
					this.delegate.findById(consent.getRegisteredClientId(), consent.getPrincipalName()));
			this.delegate.save(consent);
			Set<String> after = details(consent);
			String clientId = clientId(consent.getRegisteredClientId());
			for (String authority : after) {
				if (!before.contains(authority)) {
					append(GRANTED, consent.getPrincipalName(), clientId, authority, "granted");
				}
			}
			for (String authority : before) {
				if (!after.contains(authority)) {
					append(REVOKED, consent.getPrincipalName(), clientId, authority, "revoked");
				}
			}
		});
	}

	@Override
	public void remove(OAuth2AuthorizationConsent consent) {
		this.transactions.executeWithoutResult((status) -> {
			this.delegate.remove(consent);
			String clientId = clientId(consent.getRegisteredClientId());
			for (String authority : details(consent)) {
				append(REVOKED, consent.getPrincipalName(), clientId, authority, "revoked");
			}
		});
	}

	@Override
	public @Nullable OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
		return this.reads
			.execute((status) -> Optional.ofNullable(this.delegate.findById(registeredClientId, principalName)))
			.orElse(null);
	}

	@Override
	public void refused(String principalName, String clientId, List<AuthorizationDetail> refused) {
		this.transactions.executeWithoutResult((status) -> refused.forEach((detail) -> append(REFUSED, principalName,
				clientId, GrantedAuthorizationDetails.authority(detail), "refused")));
	}

	private void append(String event, String principalName, @Nullable String clientId, String authority,
			String outcome) {
		JsonNode detail = StrictJson.read(Base64.getUrlDecoder()
			.decode(authority.substring(GrantedAuthorizationDetails.AUTHORITY_PREFIX.length())));
		JsonNode fields = detail.get(AuthorizationDetail.FIELDS);
		String described = (fields != null) ? outcome + "; fields " + StrictJson.write(fields) : outcome;
		this.audit.append(new AuditRecord(event, principalName, principalName, clientId,
				detail.get(AuthorizationDetail.TYPE).asString(), null,
				StrictJson.write(detail.get(AuthorizationDetail.PARAMETERS)),
				(described.length() <= MAX_OUTCOME) ? described : described.substring(0, MAX_OUTCOME - 1) + "…"));
	}

	private @Nullable String clientId(String registeredClientId) {
		RegisteredClient client = this.clients.findById(registeredClientId);
		return (client != null) ? client.getClientId() : null;
	}

	private static Set<String> details(@Nullable OAuth2AuthorizationConsent consent) {
		Set<String> details = new LinkedHashSet<>();
		if (consent != null) {
			for (GrantedAuthority authority : consent.getAuthorities()) {
				String name = authority.getAuthority();
				if (name != null && name.startsWith(GrantedAuthorizationDetails.AUTHORITY_PREFIX)) {
					details.add(name);
				}
			}
		}
		return details;
	}

}
