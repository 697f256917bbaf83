package dev.countersign.authz.approval;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.transaction.support.TransactionOperations;

import dev.countersign.authz.approval.authentication.BaseTokens;
import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.ActionDefinition;
import dev.countersign.authz.catalog.ParameterDefinition;
import dev.countersign.authz.federation.FederationSettings;
import dev.countersign.authz.federation.TrustedIssuers;
import dev.countersign.authz.token.ClientMetadata;
import dev.countersign.test.MutableClock;

/**
 * The approval domain of one authorization server for unit tests, built from real parts
 * where Spring Authorization Server has them (in-memory clients and authorizations) and
 * in-memory stores otherwise: a clock the test moves, a catalog with {@code records.read}
 * and {@code accounts.close} (fresh login within 5 minutes) for {@link #API}, the client
 * {@code client-1} that may ask for both, and the resource servers {@code api-1} (serving
 * {@link #API}) and {@code api-2} (serving another API).
 */
public final class TestApprovalServer {

	/** The resource of the catalog's types. */
	public static final String API = "https://api.example";

	/** The approval settings: 5 s interval, 3 pending, one wrong number denies. */
	public static final ApprovalSettings SETTINGS = new ApprovalSettings(Duration.ofMinutes(5), Duration.ofSeconds(5),
			3, 10, Duration.ofMinutes(1), 1, 9, Duration.ofSeconds(30));

	public final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

	public final InMemoryActionApprovalRepository approvals = new InMemoryActionApprovalRepository();

	public final InMemoryAuditLog audit = new InMemoryAuditLog();

	public final ApprovalLedger ledger = new ApprovalLedger(this.approvals, this.audit,
			TransactionOperations.withoutTransaction());

	public final ActionCatalog catalog = catalog();

	public final InMemoryRegisteredClientRepository clients = new InMemoryRegisteredClientRepository(
			client("client-1", ClientMetadata.AUTHORIZATION_DETAILS_TYPES, List.of("records.read", "accounts.close")),
			client("api-1", ClientMetadata.SERVED_RESOURCES, List.of(API)),
			client("api-2", ClientMetadata.SERVED_RESOURCES, List.of("https://other.example")));

	public final InMemoryOAuth2AuthorizationService authorizations = new InMemoryOAuth2AuthorizationService();

	public final TrustedIssuers trustedIssuers = new TrustedIssuers(FederationSettings.none(), this.clock);

	public final BaseTokens baseTokens = new BaseTokens(this.authorizations, this.trustedIssuers);

	public TestApprovalServer() {
		this.ledger.setClock(this.clock);
	}

	/**
	 * A user's base token from {@code client-1} for {@link #API}, stored as the access
	 * token of an authorization-code grant.
	 * @param subject the user
	 * @return the bearer authentication
	 */
	public JwtAuthenticationToken baseToken(String subject) {
		return bearer(subject, "client-1", AuthorizationGrantType.AUTHORIZATION_CODE, API);
	}

	/**
	 * A bearer authentication, its access token stored in the authorizations.
	 * @param subject the subject
	 * @param clientId the client
	 * @param grantType the grant it came from
	 * @param audience its audience
	 * @return the bearer authentication
	 */
	public JwtAuthenticationToken bearer(String subject, String clientId, AuthorizationGrantType grantType,
			String... audience) {
		Instant issuedAt = Instant.now();
		Jwt jwt = Jwt.withTokenValue("token-" + UUID.randomUUID())
			.header("alg", "RS256")
			.header("typ", "at+jwt")
			.subject(subject)
			.claim("client_id", clientId)
			.audience(List.of(audience))
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plus(Duration.ofHours(1)))
			.build();
		RegisteredClient client = this.clients.findByClientId(clientId);
		this.authorizations.save(OAuth2Authorization.withRegisteredClient(client)
			.principalName(subject)
			.authorizationGrantType(grantType)
			.token(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, jwt.getTokenValue(), jwt.getIssuedAt(),
					jwt.getExpiresAt()))
			.build());
		return new JwtAuthenticationToken(jwt, List.of());
	}

	/**
	 * A resource server's client-credentials token.
	 * @param clientId the resource server's client
	 * @return the bearer authentication, named by the client
	 */
	public JwtAuthenticationToken resourceServer(String clientId) {
		return bearer(clientId, clientId, AuthorizationGrantType.CLIENT_CREDENTIALS);
	}

	/**
	 * The single stored approval.
	 * @return it
	 */
	public ActionApproval onlyApproval() {
		List<ActionApproval> all = this.approvals.all();
		if (all.size() != 1) {
			throw new IllegalStateException(all.size() + " approvals stored");
		}
		return all.get(0);
	}

	private static ActionCatalog catalog() {
		ParameterDefinition id = new ParameterDefinition("integer", true, null, BigDecimal.ONE, null, null,
				List.of("in", "min", "max"));
		ParameterDefinition account = new ParameterDefinition("string", true, 64, null, null, null, List.of());
		return ActionCatalog.from(Map.of("records.read",
				new ActionDefinition("Read customer records", "Read the records of customer {customerId}", API,
						Duration.ofSeconds(60), null, List.of(), Map.of("customerId", id)),
				"accounts.close", new ActionDefinition("Close an account", "Close account {accountId}", API,
						Duration.ofSeconds(60), Duration.ofMinutes(5), List.of(), Map.of("accountId", account))));
	}

	private static RegisteredClient client(String clientId, String setting, List<String> values) {
		return RegisteredClient.withId(clientId)
			.clientId(clientId)
			.clientSecret("{noop}" + clientId + "-secret")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.redirectUri("https://client.example/callback")
			.clientSettings(ClientMetadata.with(ClientSettings.builder(), setting, values).build())
			.build();
	}

}
