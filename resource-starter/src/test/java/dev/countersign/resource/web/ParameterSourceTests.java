package dev.countersign.resource.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ParameterSourceTests {

	@Test
	void parseWhenEverySourceThenKindAndName() {
		assertThat(ParameterSource.parse("path:accountId"))
			.isEqualTo(new ParameterSource(ParameterSource.Kind.PATH, "accountId"));
		assertThat(ParameterSource.parse("query:limit").kind()).isEqualTo(ParameterSource.Kind.QUERY);
		assertThat(ParameterSource.parse("header:X-Account").name()).isEqualTo("X-Account");
		assertThat(ParameterSource.parse("body:/order/id").name()).isEqualTo("/order/id");
		assertThat(ParameterSource.parse("form:amount")).hasToString("form:amount");
	}

	@Test
	void parseWhenMalformedThenNamesExpression() {
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterSource.parse("accountId"))
			.withMessageContaining("'accountId'");
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterSource.parse("cookie:x"))
			.withMessageContaining("unknown source");
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterSource.parse("body:toIban"))
			.withMessageContaining("JSON Pointer");
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterSource.parse("path:"));
	}

	@Test
	void bindingWhenAnnotationThenParametersInOrder() {
		RequiresApproval annotation = Annotated.class.getDeclaredMethods()[0].getAnnotation(RequiresApproval.class);
		ActionBinding binding = ActionBinding.of(annotation);
		assertThat(binding.type()).isEqualTo("payments.transfer");
		assertThat(binding.mode()).isEqualTo(ActionMode.JIT);
		assertThat(binding.parameters()).containsKeys("fromAccount", "amount");
	}

	static class Annotated {

		@RequiresApproval(type = "payments.transfer",
				parameters = { "fromAccount=path:accountId", "amount=body:/amount" })
		void transfer() {
		}

	}

}
