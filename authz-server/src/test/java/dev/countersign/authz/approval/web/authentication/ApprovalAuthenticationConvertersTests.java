package dev.countersign.authz.approval.web.authentication;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

import dev.countersign.authz.approval.authentication.ApprovalConsumptionAuthenticationToken;
import dev.countersign.authz.approval.authentication.ApprovalError;
import dev.countersign.authz.approval.authentication.ApprovalRejectionAuthenticationToken;
import dev.countersign.authz.approval.authentication.ApprovalRequestAuthenticationToken;
import dev.countersign.authz.approval.authentication.ApprovalStatusAuthenticationToken;
import dev.countersign.authz.approval.authentication.ApprovalTokenAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ApprovalAuthenticationConvertersTests {

	private final Authentication caller = new TestingAuthenticationToken("alice", null, "SCOPE_openid");

	@BeforeEach
	void signIn() {
		SecurityContextHolder.getContext().setAuthentication(this.caller);
	}

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void convertWhenOtherCallThenNull() {
		assertThat(new ApprovalRequestAuthenticationConverter().convert(request("GET", "/approvals", null))).isNull();
		assertThat(new ApprovalStatusAuthenticationConverter().convert(request("POST", "/approvals/a1", null)))
			.isNull();
		assertThat(new ApprovalTokenAuthenticationConverter().convert(request("GET", "/approvals/a1/token", null)))
			.isNull();
	}

	@Test
	void convertWhenApprovalRequestThenItsMembers() {
		ApprovalRequestAuthenticationToken token = (ApprovalRequestAuthenticationToken) new ApprovalRequestAuthenticationConverter()
			.convert(request("POST", "/approvals",
					"{\"authorization_details\":[{\"type\":\"records.read\"}],\"binding_message\":\"Read\",\"resource\":\"https://api.example\"}"));

		assertThat(token.isAuthenticated()).isFalse();
		assertThat(token.getPrincipal()).isSameAs(this.caller);
		assertThat(token.getAuthorizationDetails().get(0).get("type").asString()).isEqualTo("records.read");
		assertThat(token.getBindingMessage()).isEqualTo("Read");
		assertThat(token.getResource()).isEqualTo("https://api.example");
	}

	@Test
	void convertWhenBodyUnreadableThenTheRightRefusal() {
		ApprovalRequestAuthenticationConverter converter = new ApprovalRequestAuthenticationConverter();
		MockHttpServletRequest text = request("POST", "/approvals", "{}");
		text.setContentType("text/plain");

		assertRefused(converter, text, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request");
		assertRefused(converter, request("POST", "/approvals", "{\"a\":1,\"a\":2}"), HttpStatus.BAD_REQUEST,
				"invalid_request");
		assertRefused(converter, request("POST", "/approvals", "{\"extra\":1}"), HttpStatus.BAD_REQUEST,
				"invalid_request");
		assertRefused(converter, request("POST", "/approvals", "[]"), HttpStatus.BAD_REQUEST, "invalid_request");
		assertRefused(converter, request("POST", "/approvals", "{\"binding_message\":1}"), HttpStatus.BAD_REQUEST,
				"invalid_binding_message");
		assertRefused(converter, request("POST", "/approvals", "{\"resource\":[]}"), HttpStatus.BAD_REQUEST,
				"invalid_target");
		assertRefused(converter,
				request("POST", "/approvals", "{\"binding_message\":\"" + "x".repeat(17 * 1024) + "\"}"),
				HttpStatus.PAYLOAD_TOO_LARGE, "invalid_request");
	}

	@Test
	void convertWhenStatusOrTokenThenTheApprovalIdFromThePath() {
		assertThat(((ApprovalStatusAuthenticationToken) new ApprovalStatusAuthenticationConverter()
			.convert(request("GET", "/approvals/a1", null))).getApprovalId()).isEqualTo("a1");
		assertThat(((ApprovalTokenAuthenticationToken) new ApprovalTokenAuthenticationConverter()
			.convert(request("POST", "/approvals/a1/token", null))).getApprovalId()).isEqualTo("a1");
	}

	@Test
	void convertWhenConsumeOrRejectionThenTheirMembersChecked() {
		assertThat(((ApprovalConsumptionAuthenticationToken) new ApprovalConsumptionAuthenticationConverter()
			.convert(request("POST", "/approvals/consume", "{\"jti\":\"j1\"}"))).getJti()).isEqualTo("j1");
		assertRefused(new ApprovalConsumptionAuthenticationConverter(),
				request("POST", "/approvals/consume", "{\"jti\":1}"), HttpStatus.BAD_REQUEST, "invalid_request");
		ApprovalRejectionAuthenticationToken report = (ApprovalRejectionAuthenticationToken) new ApprovalRejectionAuthenticationConverter()
			.convert(request("POST", "/approvals/rejections",
					"{\"jti\":\"j1\",\"check\":\"ath\",\"description\":\"not this base token\"}"));
		assertThat(report.getCheck()).isEqualTo("ath");
		assertRefused(new ApprovalRejectionAuthenticationConverter(),
				request("POST", "/approvals/rejections", "{\"jti\":\"j1\",\"check\":\"ATH!\",\"description\":\"x\"}"),
				HttpStatus.BAD_REQUEST, "invalid_request");
	}

	@Test
	void convertWhenNoAuthenticatedCallerThenUnauthorized() {
		SecurityContextHolder.clearContext();

		assertRefused(new ApprovalStatusAuthenticationConverter(), request("GET", "/approvals/a1", null),
				HttpStatus.UNAUTHORIZED, "invalid_token");
	}

	private static MockHttpServletRequest request(String method, String path, String json) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		if (json != null) {
			request.setContentType("application/json");
			request.setContent(json.getBytes(StandardCharsets.UTF_8));
		}
		return request;
	}

	private static void assertRefused(org.springframework.security.web.authentication.AuthenticationConverter converter,
			MockHttpServletRequest request, HttpStatus status, String errorCode) {
		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> converter.convert(request))
			.satisfies((ex) -> {
				assertThat(ex.getError().getErrorCode()).isEqualTo(errorCode);
				assertThat(((ApprovalError) ex.getError()).getHttpStatus()).isEqualTo(status);
			});
	}

}
