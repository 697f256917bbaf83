package dev.countersign.authz.approval.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

import dev.countersign.authz.approval.authentication.ApprovalError;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalErrorResponseHandlerTests {

	private final ApprovalErrorResponseHandler handler = new ApprovalErrorResponseHandler();

	@Test
	void onAuthenticationFailureWhenApprovalErrorThenProblemAtItsStatusNeverCached() throws Exception {
		MockHttpServletResponse response = handle(ApprovalError.notFound());

		assertThat(response.getStatus()).isEqualTo(404);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(response.getHeader("WWW-Authenticate")).isNull();
		assertThat(response.getContentAsString()).contains("\"error\":\"not_found\"")
			.contains("\"error_description\":\"no such approval for this client and user\"")
			.contains("\"status\":404");
	}

	@Test
	void onAuthenticationFailureWhenUnauthorizedThenBearerChallenge() throws Exception {
		MockHttpServletResponse response = handle(
				ApprovalError.unauthorized("invalid_token", "the base token is revoked or unknown"));

		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate"))
			.isEqualTo("Bearer error=\"invalid_token\", error_description=\"the base token is revoked or unknown\"");
	}

	@Test
	void onAuthenticationFailureWhenTooManyThenRetryAfterInWholeSecondsRoundedUp() throws Exception {
		MockHttpServletResponse response = handle(new OAuth2AuthenticationException(
				new ApprovalError("too_many_requests", HttpStatus.TOO_MANY_REQUESTS, "slow", Duration.ofMillis(1200))));

		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(response.getHeader("Retry-After")).isEqualTo("2");
	}

	@Test
	void onAuthenticationFailureWhenPlainOAuth2ErrorThenBadRequest() throws Exception {
		MockHttpServletResponse response = handle(
				new OAuth2AuthenticationException(new OAuth2Error("authorization_pending", "not yet", null)));

		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentAsString()).contains("\"error\":\"authorization_pending\"");
	}

	private MockHttpServletResponse handle(OAuth2AuthenticationException ex) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.handler.onAuthenticationFailure(new MockHttpServletRequest(), response, ex);
		return response;
	}

}
