package dev.countersign.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConstraintTests {

	private static final ParameterSchema CUSTOMER = new ParameterSchema("customerId", ParameterType.INTEGER, false,
			null, null, null, null);

	@Test
	void fromCanonicalWhenEachOperatorThenAdmitsItsValues() {
		assertThat(Constraint.fromCanonical(BigInteger.valueOf(42)).admits(BigInteger.valueOf(42))).isTrue();
		assertThat(
				Constraint.fromCanonical(Map.of("in", List.of(BigInteger.ONE, BigInteger.TWO))).admits(BigInteger.TWO))
			.isTrue();
		assertThat(Constraint.fromCanonical(Map.of("min", new BigDecimal("0.01"))).admits(new BigDecimal("0.010")))
			.isTrue();
		assertThat(Constraint.fromCanonical(Map.of("max", BigInteger.TEN)).admits(new BigDecimal("10.5"))).isFalse();
		assertThat(Constraint.fromCanonical(Map.of("prefix", "DE")).admits("DE89")).isTrue();
		assertThat(Constraint.fromCanonical(Map.of("prefix", "DE")).admits(BigInteger.ONE)).isFalse();
		assertThat(Constraint.fromCanonical(Map.of("regex", ".*")).admits("x")).isFalse();
	}

	@Test
	void withinWhenNarrowerOrWiderThenOnlyTheNarrowerLiesWithin() {
		Constraint allowed = Constraint
			.fromCanonical(Map.of("in", List.of(BigInteger.valueOf(42), BigInteger.valueOf(43))));
		assertThat(Constraint.fromCanonical(BigInteger.valueOf(42)).within(allowed)).isTrue();
		assertThat(Constraint.fromCanonical(Map.of("in", List.of(BigInteger.valueOf(44)))).within(allowed)).isFalse();
		assertThat(Constraint.fromCanonical(Map.of("min", BigInteger.TEN))
			.within(Constraint.fromCanonical(Map.of("min", BigInteger.ONE)))).isTrue();
		assertThat(Constraint.fromCanonical(Map.of("min", BigInteger.ONE))
			.within(Constraint.fromCanonical(Map.of("min", BigInteger.TEN)))).isFalse();
		assertThat(Constraint.fromCanonical(Map.of("prefix", "DE89"))
			.within(Constraint.fromCanonical(Map.of("prefix", "DE")))).isTrue();
		assertThat(Constraint.fromCanonical(Map.of("max", BigInteger.ONE))
			.within(Constraint.fromCanonical(Map.of("min", BigInteger.ONE)))).isFalse();
	}

	@Test
	void fromJsonWhenTheSchemaCannotReadAValueThenItAdmitsNothing() {
		assertThat(Constraint.fromJson(CUSTOMER, StrictJson.read("42")).admits(BigInteger.valueOf(42))).isTrue();
		assertThat(Constraint.fromJson(CUSTOMER, StrictJson.read("\"forty-two\"")).admits("forty-two")).isFalse();
		assertThat(Constraint.fromJson(CUSTOMER, StrictJson.read("{\"in\":[\"x\",43]}")).admits(BigInteger.valueOf(43)))
			.isTrue();
		assertThat(Constraint.fromJson(CUSTOMER, StrictJson.read("{\"min\":1,\"max\":5}")).admits(BigInteger.TWO))
			.isFalse();
		assertThat(Constraint.fromJson(CUSTOMER, StrictJson.read("[42]")).admits(BigInteger.valueOf(42))).isFalse();
	}

	@Test
	void describeWhenEachOperatorThenTheWordsOfThePages() {
		assertThat(Constraint.fromCanonical(Map.of("min", BigInteger.TEN)).describe(String::valueOf))
			.isEqualTo("at least 10");
		assertThat(Constraint.fromCanonical(Map.of("max", BigInteger.TEN)).describe(String::valueOf))
			.isEqualTo("at most 10");
		assertThat(Constraint.fromCanonical(Map.of("prefix", "DE")).describe(String::valueOf))
			.isEqualTo("starting with DE");
		assertThat(Constraint.fromCanonical(Map.of("in", List.of("a", "b", "c"))).describe(String::valueOf))
			.isEqualTo("a, b or c");
	}

}
