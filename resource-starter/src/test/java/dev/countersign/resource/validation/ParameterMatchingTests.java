package dev.countersign.resource.validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.countersign.core.StrictJson;

import static org.assertj.core.api.Assertions.assertThat;

class ParameterMatchingTests {

	@ParameterizedTest
	@ValueSource(strings = { "250", "250.00", "2.5e2", "\"250.0\"" })
	void equalWhenDecimalApprovedThenByValueWhateverTheForm(String requested) {
		assertThat(ParameterMatching.equal(StrictJson.read("250"), StrictJson.read(requested))).isTrue();
		assertThat(ParameterMatching.equal(StrictJson.read("250.00"), "2.5e2")).isTrue();
	}

	@Test
	void equalWhenValuesDifferOrTypesClashThenFalse() {
		assertThat(ParameterMatching.equal(StrictJson.read("250"), "250.01")).isFalse();
		assertThat(ParameterMatching.equal(StrictJson.read("250"), "abc")).isFalse();
		assertThat(ParameterMatching.equal(StrictJson.read("\"acc-1\""), "ACC-1")).isFalse();
		assertThat(ParameterMatching.equal(StrictJson.read("\"acc-1\""), StrictJson.read("1"))).isFalse();
		assertThat(ParameterMatching.equal(StrictJson.read("true"), "true")).isTrue();
		assertThat(ParameterMatching.equal(StrictJson.read("true"), StrictJson.read("\"true\""))).isFalse();
		assertThat(ParameterMatching.equal(StrictJson.read("\"caf\\u00e9\""), "cafe\u0301")).isTrue();
	}

	@Test
	void admitsWhenOperatorsThenApplied() {
		assertThat(ParameterMatching.admits(StrictJson.read("42"), "42")).isTrue();
		assertThat(ParameterMatching.admits(StrictJson.read("{\"in\":[42,43]}"), "43")).isTrue();
		assertThat(ParameterMatching.admits(StrictJson.read("{\"in\":[42,43]}"), "44")).isFalse();
		assertThat(ParameterMatching.admits(StrictJson.read("{\"min\":10}"), "10.0")).isTrue();
		assertThat(ParameterMatching.admits(StrictJson.read("{\"min\":10}"), "9.99")).isFalse();
		assertThat(ParameterMatching.admits(StrictJson.read("{\"max\":100}"), StrictJson.read("100"))).isTrue();
		assertThat(ParameterMatching.admits(StrictJson.read("{\"max\":100}"), "1e3")).isFalse();
		assertThat(ParameterMatching.admits(StrictJson.read("{\"prefix\":\"DE\"}"), "DE89")).isTrue();
		assertThat(ParameterMatching.admits(StrictJson.read("{\"prefix\":\"DE\"}"), "FR76")).isFalse();
	}

	@Test
	void admitsWhenConstraintMalformedThenFalse() {
		assertThat(ParameterMatching.admits(StrictJson.read("{\"min\":1,\"max\":5}"), "3")).isFalse();
		assertThat(ParameterMatching.admits(StrictJson.read("{\"like\":\"x\"}"), "x")).isFalse();
		assertThat(ParameterMatching.admits(StrictJson.read("{\"in\":42}"), "42")).isFalse();
		assertThat(ParameterMatching.admits(StrictJson.read("{\"min\":\"10\"}"), "11")).isFalse();
		assertThat(ParameterMatching.admits(StrictJson.read("{\"min\":10}"), "lots")).isFalse();
	}

}
