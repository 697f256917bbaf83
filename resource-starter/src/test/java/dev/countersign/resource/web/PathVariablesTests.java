package dev.countersign.resource.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathVariablesTests {

	@Test
	void ofWhenPlainRegexAndCatchAllVariablesThenTheirNames() {
		assertThat(PathVariables.of("/accounts/{accountId}/transfers")).containsExactly("accountId");
		assertThat(PathVariables.of("/orders/{orderId:[0-9]{1,9}}/{*rest}")).containsExactly("orderId", "rest");
		assertThat(PathVariables.of("/orders")).isEmpty();
	}

	@Test
	void shapeWhenVariablesNamedDifferentlyThenTheSameShape() {
		assertThat(PathVariables.shape("/accounts/{id}/transfers"))
			.isEqualTo(PathVariables.shape("/accounts/{accountId}/transfers"))
			.isEqualTo("/accounts/{}/transfers");
		assertThat(PathVariables.shape("/files/{*path}")).isEqualTo("/files/{*}");
		assertThat(PathVariables.shape("/accounts/{id}")).isNotEqualTo(PathVariables.shape("/accounts/{id}/transfers"));
	}

}
