package dev.countersign.authz.approval.authentication;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import tools.jackson.databind.JsonNode;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ApprovalStatus;
import dev.countersign.authz.approval.TestApprovalServer;
import dev.countersign.core.StrictJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ApprovalRequestAuthenticationProviderTests {

	private static final JsonNode RECORDS_42 = StrictJson
		.read("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}}]");

	private final TestApprovalServer server = new TestApprovalServer();

	private final ApprovalRequestAuthenticationProvider provider = new ApprovalRequestAuthenticationProvider(
			this.server.ledger, this.server.catalog, this.server.clients, this.server.baseTokens,
			TestApprovalServer.SETTINGS);

	@Test
	void supportsWhenRequestTokenThenTrue() {
		assertThat(this.provider.supports(ApprovalRequestAuthenticationToken.class)).isTrue();
		assertThat(this.provider.supports(ApprovalTokenAuthenticationToken.class)).isFalse();
	}

	@Test
	void authenticateWhenDetailsFitThenPendingApprovalStoredAndAudited() {
		JwtAuthenticationToken alice = this.server.baseToken("alice");

		ApprovalRequestAuthenticationToken answer = (ApprovalRequestAuthenticationToken) this.provider
			.authenticate(new ApprovalRequestAuthenticationToken(alice, RECORDS_42, "Read 42", null));

		assertThat(answer.isAuthenticated()).isTrue();
		assertThat(answer.getPrincipal()).isSameAs(alice);
		ActionApproval approval = answer.getApproval();
		assertThat(approval).isEqualTo(this.server.onlyApproval());
		assertThat(approval.status()).isEqualTo(ApprovalStatus.PENDING);
		assertThat(approval.subject()).isEqualTo("alice");
		assertThat(approval.clientId()).isEqualTo("client-1");
		assertThat(approval.resource()).isEqualTo(TestApprovalServer.API);
		assertThat(approval.bindingMessage()).isEqualTo("Read 42");
		assertThat(approval.expiresAt()).isEqualTo(this.server.clock.instant().plus(Duration.ofMinutes(5)));
		assertThat(approval.numberChoices()).hasSize(9).contains(approval.userCode()).doesNotHaveDuplicates();
		assertThat(this.server.audit.events()).containsExactly("requested client-1: pending");
	}

	@Test
	void authenticateWhenResourceIsTheTypesThenAccepted() {
		this.provider.authenticate(new ApprovalRequestAuthenticationToken(this.server.baseToken("alice"), RECORDS_42,
				null, TestApprovalServer.API));

		assertThat(this.server.onlyApproval().bindingMessage()).isNull();
	}

	@Test
	void authenticateWhenDetailsDoNotFitThenInvalidAuthorizationDetailsAndNothingStored() {
		JsonNode unknownParameter = StrictJson
			.read("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42,\"x\":1}}]");

		assertRefused(
				new ApprovalRequestAuthenticationToken(this.server.baseToken("alice"), unknownParameter, null, null),
				HttpStatus.BAD_REQUEST, "invalid_authorization_details");
		assertRefused(new ApprovalRequestAuthenticationToken(this.server.baseToken("alice"), null, null, null),
				HttpStatus.BAD_REQUEST, "invalid_authorization_details");
	}

	@Test
	void authenticateWhenResourceDiffersThenInvalidTarget() {
		assertRefused(new ApprovalRequestAuthenticationToken(this.server.baseToken("alice"), RECORDS_42, null,
				"https://other.example"), HttpStatus.BAD_REQUEST, "invalid_target");
	}

	@Test
	void authenticateWhenBindingMessageCannotBeShownSafelyThenInvalidBindingMessage() {
		for (String message : new String[] { "Pay \u202E01", "x".repeat(257), " ", "Pay\u200B 1" }) {
			assertRefused(
					new ApprovalRequestAuthenticationToken(this.server.baseToken("alice"), RECORDS_42, message, null),
					HttpStatus.BAD_REQUEST, "invalid_binding_message");
		}
	}

	@Test
	void authenticateWhenClientMayNotAskForTypeThenInvalidAuthorizationDetails() {
		JwtAuthenticationToken fromApi = this.server.bearer("alice", "api-1", AuthorizationGrantType.AUTHORIZATION_CODE,
				TestApprovalServer.API);

		OAuth2AuthenticationException ex = assertRefused(
				new ApprovalRequestAuthenticationToken(fromApi, RECORDS_42, null, null), HttpStatus.BAD_REQUEST,
				"invalid_authorization_details");
		assertThat(ex.getError().getDescription()).isEqualTo("client api-1 may not ask for type records.read");
	}

	@Test
	void authenticateWhenBaseTokenForAnotherAudienceThenUnauthorized() {
		JwtAuthenticationToken other = this.server.bearer("alice", "client-1",
				AuthorizationGrantType.AUTHORIZATION_CODE, "https://other.example");

		assertRefused(new ApprovalRequestAuthenticationToken(other, RECORDS_42, null, null), HttpStatus.UNAUTHORIZED,
				"invalid_token");
	}

	@Test
	void authenticateWhenClientCredentialsTokenThenNoUserToAsk() {
		JwtAuthenticationToken clientToken = this.server.bearer("client-1", "client-1",
				AuthorizationGrantType.CLIENT_CREDENTIALS, TestApprovalServer.API);

		assertRefused(new ApprovalRequestAuthenticationToken(clientToken, RECORDS_42, null, null),
				HttpStatus.UNAUTHORIZED, "insufficient_user_authentication");
	}

	@Test
	void authenticateWhenBaseTokenRevokedThenUnauthorized() {
		JwtAuthenticationToken alice = this.server.baseToken("alice");
		this.server.authorizations
			.remove(this.server.authorizations.findByToken(alice.getToken().getTokenValue(), null));

		assertRefused(new ApprovalRequestAuthenticationToken(alice, RECORDS_42, null, null), HttpStatus.UNAUTHORIZED,
				"invalid_token");
	}

	@Test
	void authenticateWhenBearerNotAuthenticatedThenUnauthorized() {
		JwtAuthenticationToken unauthenticated = new JwtAuthenticationToken(this.server.baseToken("alice").getToken());

		assertRefused(new ApprovalRequestAuthenticationToken(unauthenticated, RECORDS_42, null, null),
				HttpStatus.UNAUTHORIZED, "invalid_token");
	}

	@Test
	void authenticateWhenTooManyPendingThenTooManyRequestsUntilTheFirstExpires() {
		JwtAuthenticationToken alice = this.server.baseToken("alice");
		for (int i = 0; i < 3; i++) {
			this.provider.authenticate(new ApprovalRequestAuthenticationToken(alice, RECORDS_42, null, null));
			this.server.clock.advance(Duration.ofSeconds(10));
		}

		OAuth2AuthenticationException ex = assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(
				() -> this.provider.authenticate(new ApprovalRequestAuthenticationToken(alice, RECORDS_42, null, null)))
			.actual();

		assertThat(ex.getError().getErrorCode()).isEqualTo("too_many_requests");
		ApprovalError error = (ApprovalError) ex.getError();
		assertThat(error.getHttpStatus()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(error.getRetryAfter()).isEqualTo(Duration.ofMinutes(5).minusSeconds(30));
		assertThat(this.server.approvals.all()).hasSize(3);
		assertThat(this.provider
			.authenticate(new ApprovalRequestAuthenticationToken(this.server.baseToken("bob"), RECORDS_42, null, null)))
			.isNotNull();
	}

	private OAuth2AuthenticationException assertRefused(ApprovalRequestAuthenticationToken request, HttpStatus status,
			String errorCode) {
		int stored = this.server.approvals.all().size();
		int audited = this.server.audit.events().size();
		OAuth2AuthenticationException ex = assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(request))
			.actual();
		assertThat(ex.getError().getErrorCode()).isEqualTo(errorCode);
		assertThat(((ApprovalError) ex.getError()).getHttpStatus()).isEqualTo(status);
		assertThat(this.server.approvals.all()).hasSize(stored);
		assertThat(this.server.audit.events()).hasSize(audited);
		return ex;
	}

}
