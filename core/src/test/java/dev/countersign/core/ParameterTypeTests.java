package dev.countersign.core;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ParameterTypeTests {

	@ParameterizedTest
	@ValueSource(strings = { "250", "250.00", "2.5e2", "2.50E+2", "\"250.0\"", "250.000000000000000000000001e0" })
	void decimalWhenSameValueThenSameCanonicalForm(String json) {
		Object value = ParameterType.DECIMAL.canonicalize(StrictJson.read(json));
		if (json.startsWith("250.0000000")) {
			assertThat(CanonicalValues.equal(value, new BigDecimal("250"))).isFalse();
			return;
		}
		assertThat(value).isEqualTo(new BigDecimal("250"));
		assertThat(value.toString()).isEqualTo("250");
	}

	@Test
	void decimalWhenFractionThenKeepsScaleWithoutTrailingZeros() {
		assertThat(ParameterType.DECIMAL.canonicalize(StrictJson.read("0.10")).toString()).isEqualTo("0.1");
		assertThat(ParameterType.DECIMAL.canonicalize("-0.0")).isEqualTo(BigDecimal.ZERO);
		assertThat(ParameterType.DECIMAL.canonicalize("1e3").toString()).isEqualTo("1000");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"abc\"", "true", "null", "[1]", "{\"a\":1}", "\"1e99999\"", "\" 1\"", "\"0x10\"", "\"01\"" })
	void decimalWhenNotANumberThenRefused(String json) {
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.DECIMAL.canonicalize(StrictJson.read(json)));
	}

	@Test
	void decimalWhenHugeExponentThenRefusedWithoutComputing() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterType.DECIMAL.canonicalize(StrictJson.read("1e999999999")));
	}

	@Test
	void integerWhenIntegralThenBigInteger() {
		assertThat(ParameterType.INTEGER.canonicalize(StrictJson.read("42"))).isEqualTo(BigInteger.valueOf(42));
		assertThat(ParameterType.INTEGER.canonicalize(StrictJson.read("42.0"))).isEqualTo(BigInteger.valueOf(42));
		assertThat(ParameterType.INTEGER.canonicalize("4.2e1")).isEqualTo(BigInteger.valueOf(42));
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.INTEGER.canonicalize("42.5"))
			.withMessage("must be a whole number");
	}

	@Test
	void stringWhenComposedOrDecomposedThenSameNfcValue() {
		Object composed = ParameterType.STRING.canonicalize("caf\u00e9");
		Object decomposed = ParameterType.STRING.canonicalize(StrictJson.read("\"cafe\\u0301\""));
		assertThat(composed).isEqualTo(decomposed);
		assertThat(ParameterType.STRING.canonicalize("Acc-1")).isNotEqualTo(ParameterType.STRING.canonicalize("acc-1"));
	}

	@Test
	void stringWhenNumberThenRefusedNamingTypes() {
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.STRING.canonicalize(StrictJson.read("42")))
			.withMessage("must be a string, not a number");
	}

	@Test
	void booleanWhenJsonOrTextThenBoolean() {
		assertThat(ParameterType.BOOLEAN.canonicalize(StrictJson.read("true"))).isEqualTo(Boolean.TRUE);
		assertThat(ParameterType.BOOLEAN.canonicalize("false")).isEqualTo(Boolean.FALSE);
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.BOOLEAN.canonicalize(StrictJson.read("\"true\"")));
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.BOOLEAN.canonicalize("TRUE"));
	}

	@Test
	void fromNameWhenUnknownThenNamesChoices() {
		assertThat(ParameterType.fromName("Decimal")).isEqualTo(ParameterType.DECIMAL);
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.fromName("money"))
			.withMessageContaining("string, decimal, integer or boolean");
	}

}
