package dev.countersign.authz.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTests {

	@Test
	void jsonWhenDetailThenEscapedAndTitledByStatus() {
		assertThat(Problems.json(400, "a \"quoted\" \\ detail")).isEqualTo(
				"{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"a \\\"quoted\\\" \\\\ detail\"}");
	}

	@Test
	void jsonWhenUnknownStatusAndNoDetailThenGenericTitle() {
		assertThat(Problems.json(499, null)).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Error\",\"status\":499}");
	}

	@Test
	void writeWhenCalledThenProblemContentType() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		Problems.write(response, HttpStatus.UNAUTHORIZED, "Sign in.");
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getContentAsString()).contains("\"detail\":\"Sign in.\"");
	}

}
