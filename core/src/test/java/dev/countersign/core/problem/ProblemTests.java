package dev.countersign.core.problem;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ProblemTests {

	@Test
	void toJsonWhenOAuthErrorThenStandardMembersFirstThenErrorThenExtensions() {
		Problem problem = Problem.of(403, "Forbidden", "needs \"approval\"\n")
			.withError("approval_required")
			.with("authorization_details", List.of(Map.of("type", "payments.transfer")));
		assertThat(problem.toJson()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
				+ "\"detail\":\"needs \\\"approval\\\"\\n\",\"error\":\"approval_required\","
				+ "\"error_description\":\"needs \\\"approval\\\"\\n\","
				+ "\"authorization_details\":[{\"type\":\"payments.transfer\"}]}");
	}

	@Test
	void toJsonWhenNoDetailThenOnlyTypeTitleStatusAndInstance() {
		assertThat(Problem.of(404, "Not Found", null).withInstance("/x").toJson())
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"instance\":\"/x\"}");
	}

	@Test
	void withWhenAStandardMemberThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> Problem.of(400, "Bad Request", "x").with("status", 1));
		assertThatIllegalArgumentException().isThrownBy(() -> Problem.of(42, "?", "x"));
	}

	@Test
	void challengeWhenParametersThenQuotedInOrderAndNoneEndsItsStringEarly() {
		assertThat(BearerChallenge.bearer()
			.parameter("error", "invalid_token")
			.parameter("error_description", "a \"quoted\" \\ path")
			.parameter("resource_metadata", null)
			.toString()).isEqualTo("Bearer error=\"invalid_token\", error_description=\"a 'quoted' / path\"");
		assertThat(BearerChallenge.bearer().toString()).isEqualTo("Bearer");
	}

}
