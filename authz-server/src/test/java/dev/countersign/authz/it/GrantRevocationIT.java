package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.ApprovalPage;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revoking a grant revokes what it could still do (issue 9, item 3): the approvals asked
 * with it and the action tokens minted for it that were not used yet, whether the base
 * token is revoked (RFC 7009), the refresh token is, or a rotated refresh token is
 * presented again (RFC 9700 section 4.14.2).
 */
class GrantRevocationIT extends AbstractApprovalIT {

	private JsonNode tokens;

	@Override
	String userPrefix() {
		return "revoke";
	}

	@BeforeEach
	void tokensWithRefresh() {
		this.tokens = CodeFlow.tokens(new TestHttp(ISSUER), this.user, TestUsers.PASSWORD);
		this.client = new ApprovalClient(this.http, this.tokens.get("access_token").asString());
	}

	@Test
	void consumeWhenBaseTokenRevokedThenActionTokenRefusedAsRevoked() throws Exception {
		String id = approve();
		String actionToken = TestHttp.json(this.client.mint(id)).get("action_token").asString();

		assertThat(revoke(this.tokens.get("access_token").asString(), "access_token").statusCode()).isEqualTo(200);

		HttpResponse<String> consumed = consume(SignedJWT.parse(actionToken).getJWTClaimsSet().getJWTID());
		assertThat(consumed.statusCode()).isEqualTo(200);
		assertThat(TestHttp.json(consumed).get("first_use").asBoolean()).isFalse();
		assertThat(TestHttp.json(consumed).get("reason").asString()).isEqualTo("revoked");
		assertThat(status(id)).isEqualTo("revoked");
		assertThat(events(id)).containsExactly("requested", "shown", "approved", "issued", "revoked",
				"consume-refused");
	}

	@Test
	void mintWhenRefreshTokenRevokedThenGrantsApprovalsRevoked() {
		String approved = approve();
		String pending = this.client.createTransfer().get("approval_id").asString();

		assertThat(revoke(this.tokens.get("refresh_token").asString(), "refresh_token").statusCode()).isEqualTo(200);

		assertThat(status(approved)).isEqualTo("revoked");
		assertThat(status(pending)).isEqualTo("revoked");
		// the base token went with its refresh token; another token of the same user
		// cannot mint either
		assertThat(this.client.mint(approved).statusCode()).isEqualTo(401);
		ApprovalClient again = new ApprovalClient(this.http,
				CodeFlow.accessToken(new TestHttp(ISSUER), this.user, TestUsers.PASSWORD));
		HttpResponse<String> minted = again.mint(approved);
		assertThat(minted.statusCode()).isEqualTo(400);
		assertThat(ApprovalClient.error(minted)).isEqualTo("invalid_grant");
		assertThat(TestHttp.json(minted).get("error_description").asString()).contains("revoked");
	}

	@Test
	void refreshWhenRotatedRefreshTokenPresentedAgainThenWholeGrantRevoked() {
		String id = approve();
		String first = this.tokens.get("refresh_token").asString();
		HttpResponse<String> rotated = refresh(first);
		assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
		String second = TestHttp.json(rotated).get("refresh_token").asString();

		HttpResponse<String> reused = refresh(first);

		assertThat(reused.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(reused).get("error").asString()).isEqualTo("invalid_grant");
		// the legitimate holder's refresh token is gone too: the grant is revoked, and
		// its approvals
		HttpResponse<String> afterReuse = refresh(second);
		assertThat(afterReuse.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(afterReuse).get("error").asString()).isEqualTo("invalid_grant");
		assertThat(status(id)).isEqualTo("revoked");
		assertThat(this.jdbc.queryForList("SELECT event FROM audit_event WHERE subject = ? ORDER BY seq", String.class,
				this.user))
			.contains("refresh-token-reused", "revoked");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM rotated_refresh_token WHERE token_hash = ?",
				Long.class, dev.countersign.core.AccessTokenHash.of(first)))
			.isEqualTo(1);
	}

	@Test
	void refreshWhenNotReusedThenApprovalsStay() {
		String id = approve();
		assertThat(refresh(this.tokens.get("refresh_token").asString()).statusCode()).isEqualTo(200);
		assertThat(status(id)).isEqualTo("approved");
	}

	private String approve() {
		JsonNode created = this.client.createTransfer();
		String id = created.get("approval_id").asString();
		ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD).approve(id, created.get("user_code").asString());
		return id;
	}

	private HttpResponse<String> revoke(String token, String hint) {
		return this.http.postForm("/oauth2/revoke", Map.of("token", token, "token_type_hint", hint), "Authorization",
				TestHttp.basic(CodeFlow.CLIENT_ID, CodeFlow.CLIENT_SECRET));
	}

	private HttpResponse<String> refresh(String refreshToken) {
		return this.http.token(CodeFlow.CLIENT_ID, CodeFlow.CLIENT_SECRET,
				Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
	}

	private HttpResponse<String> consume(String jti) {
		String api = clientCredentialsToken("demo-api", "demo-api-secret", "approvals.consume");
		return this.http.post("/approvals/consume", "application/json", "{\"jti\":\"" + jti + "\"}", "Authorization",
				"Bearer " + api);
	}

	private String status(String id) {
		return this.jdbc.queryForObject("SELECT status FROM action_approval WHERE id = ?", String.class, id);
	}

	private List<String> events(String id) {
		return this.jdbc.queryForList("SELECT event FROM audit_event WHERE approval_id = ? ORDER BY seq", String.class,
				id);
	}

}
