package dev.countersign.authz.approval.authentication;

import java.time.Duration;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ActionTokenGenerator;
import dev.countersign.authz.approval.ApprovalStatus;
import dev.countersign.authz.approval.BaseToken;
import dev.countersign.authz.approval.TestApprovalServer;
import dev.countersign.core.StrictJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ApprovalTokenAuthenticationProviderTests {

	private static final String ISSUER = "https://as.example";

	private static ActionTokenGenerator actionTokens;

	private final TestApprovalServer server = new TestApprovalServer();

	private ApprovalTokenAuthenticationProvider provider;

	private JwtAuthenticationToken alice;

	private String approvalId;

	@BeforeAll
	static void keys() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
		actionTokens = new ActionTokenGenerator(new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key))));
	}

	@BeforeEach
	void pendingApproval() {
		AuthorizationServerContextHolder.setContext(new AuthorizationServerContext() {
			@Override
			public String getIssuer() {
				return ISSUER;
			}

			@Override
			public AuthorizationServerSettings getAuthorizationServerSettings() {
				return AuthorizationServerSettings.builder().issuer(ISSUER).build();
			}
		});
		actionTokens.setClock(this.server.clock);
		this.provider = new ApprovalTokenAuthenticationProvider(this.server.ledger, this.server.catalog,
				this.server.clients, this.server.baseTokens,
				new DelegatingOAuth2TokenGenerator(new OAuth2AccessTokenGenerator(), actionTokens),
				TestApprovalServer.SETTINGS);
		this.alice = this.server.baseToken("alice");
		ApprovalRequestAuthenticationProvider requests = new ApprovalRequestAuthenticationProvider(this.server.ledger,
				this.server.catalog, this.server.clients, this.server.baseTokens, TestApprovalServer.SETTINGS);
		this.approvalId = ((ApprovalRequestAuthenticationToken) requests
			.authenticate(new ApprovalRequestAuthenticationToken(this.alice,
					StrictJson.read("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}}]"), null, null)))
			.getApproval()
			.id();
	}

	@AfterEach
	void resetContext() {
		AuthorizationServerContextHolder.resetContext();
	}

	@Test
	void authenticateWhenPendingThenAuthorizationPendingAndThePollKept() {
		assertRefused(this.alice, "authorization_pending");

		assertThat(approval().lastPolledAt()).isEqualTo(this.server.clock.instant());
	}

	@Test
	void authenticateWhenPolledAgainWithinTheIntervalThenSlowDownNeverOnTheFirstPoll() {
		assertRefused(this.alice, "authorization_pending");
		this.server.clock.advance(Duration.ofSeconds(4));
		assertRefused(this.alice, "slow_down");
		this.server.clock.advance(Duration.ofSeconds(5));
		assertRefused(this.alice, "authorization_pending");
	}

	@Test
	void authenticateWhenApprovedThenActionTokenMintedOnceInTheServerContext() {
		decide(ApprovalStatus.APPROVED);

		ApprovalTokenAuthenticationToken answer = (ApprovalTokenAuthenticationToken) this.provider
			.authenticate(new ApprovalTokenAuthenticationToken(this.alice, this.approvalId));

		Jwt token = answer.getActionToken();
		assertThat(answer.isAuthenticated()).isTrue();
		assertThat(answer.getLifetime()).isEqualTo(Duration.ofSeconds(60));
		assertThat(token.getHeaders()).containsEntry("typ", "action+jwt");
		assertThat(token.getIssuer()).hasToString(ISSUER);
		assertThat(token.getSubject()).isEqualTo("alice");
		assertThat(token.getAudience()).containsExactly(TestApprovalServer.API);
		assertThat(token.getClaimAsString("ath")).isEqualTo(BaseToken.hashOf(this.alice.getToken().getTokenValue()));
		assertThat(token.getClaimAsString("approval_id")).isEqualTo(this.approvalId);
		assertThat(approval().status()).isEqualTo(ApprovalStatus.ISSUED);
		assertThat(approval().tokenJti()).isEqualTo(token.getId());
		assertThat(this.server.audit.events()).last().isEqualTo("issued client-1: jti " + token.getId());

		this.server.clock.advance(Duration.ofSeconds(5));
		assertRefused(this.alice, "invalid_grant");
	}

	@Test
	void authenticateWhenDeniedRevokedOrExpiredThenTheirErrors() {
		decide(ApprovalStatus.DENIED);
		assertRefused(this.alice, "access_denied");

		this.server.approvals.update(approval().withRevoked(this.server.clock.instant()));
		this.server.clock.advance(Duration.ofSeconds(5));
		assertRefused(this.alice, "invalid_grant");
	}

	@Test
	void authenticateWhenPastItsLifetimeThenExpiredTokenAndTheExpiryAudited() {
		this.server.clock.advance(Duration.ofMinutes(5));

		assertRefused(this.alice, "expired_token");

		assertThat(approval().status()).isEqualTo(ApprovalStatus.EXPIRED);
		assertThat(this.server.audit.events()).last().isEqualTo("expired system: expired while pending");
	}

	@Test
	void authenticateWhenAnotherUserOrClientThenNotFoundAndNothingChanged() {
		decide(ApprovalStatus.APPROVED);
		ActionApproval before = approval();

		OAuth2AuthenticationExceptionAssert.refused(this.provider,
				new ApprovalTokenAuthenticationToken(this.server.baseToken("bob"), this.approvalId), "not_found");
		OAuth2AuthenticationExceptionAssert.refused(this.provider,
				new ApprovalTokenAuthenticationToken(this.alice, "no-such-approval"), "not_found");

		assertThat(approval()).isEqualTo(before);
	}

	private void decide(ApprovalStatus decision) {
		this.server.approvals
			.update(approval().withDecision(decision, this.server.clock.instant(), "alice", null, null));
	}

	private ActionApproval approval() {
		return this.server.approvals.findByIdForUpdate(this.approvalId);
	}

	private void assertRefused(JwtAuthenticationToken base, String errorCode) {
		assertThatExceptionOfType(org.springframework.security.oauth2.core.OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(new ApprovalTokenAuthenticationToken(base, this.approvalId)))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(errorCode));
	}

}
