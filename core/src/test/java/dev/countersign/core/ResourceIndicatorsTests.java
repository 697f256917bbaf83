package dev.countersign.core;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ResourceIndicatorsTests {

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:8080", "https://api.example", "https://api.example/v1?x=1",
			"urn:example:resource" })
	void isValidWhenAbsoluteWithoutFragmentThenTrue(String value) {
		assertThat(ResourceIndicators.isValid(value)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " https://api.example", "/relative", "api.example", "https://api.example#part",
			"http://", "https://exa mple" })
	void isValidWhenNotAnAbsoluteHierarchicalUriOrFragmentThenFalse(String value) {
		assertThat(ResourceIndicators.isValid(value)).isFalse();
	}

	@Test
	void requireValidWhenRepeatedThenKeepsOrderWithoutRepetition() {
		assertThat(
				ResourceIndicators.requireValid(List.of("https://b.example", "https://a.example", "https://b.example")))
			.containsExactly("https://b.example", "https://a.example");
	}

	@Test
	void requireValidWhenOneIsInvalidThenNamesIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ResourceIndicators.requireValid(List.of("https://a.example", "b#c")))
			.withMessageContaining("'b#c'");
	}

}
