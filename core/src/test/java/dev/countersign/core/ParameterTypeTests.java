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
	@ValueSource(strings = { "250", "250.00", "2.5e2", "2.50E+2", "\"250.0\"", "250.0000000000000000000001e0" })
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
		assertThat(ParameterType.DECIMAL.canonicalize("1000.000").toString()).isEqualTo("1000");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1e3", "2.5E2", "+250", "0250", "250.", ".5", " 250", "250 ", "0x10", "-", "1,5" })
	void decimalWhenTextNotInPlainNotationThenRefused(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.DECIMAL.canonicalize(text))
			.withMessageStartingWith("must be a decimal number in plain notation");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "\"abc\"", "true", "null", "[1]", "{\"a\":1}", "\"1e99999\"", "\" 1\"", "\"0x10\"", "\"01\"" })
	void decimalWhenNotANumberThenRefused(String json) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterType.DECIMAL.canonicalize(StrictJson.read(json)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "1e999999999", "1e10000", "1e9999", "1e65", "1e-65", "-1e10000" })
	void decimalWhenHugeExponentThenRefusedWithoutComputing(String json) {
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.DECIMAL.canonicalize(StrictJson.read(json)))
			.withMessageStartingWith("is too large or too precise");
	}

	@Test
	void integerWhenIntegralThenBigInteger() {
		assertThat(ParameterType.INTEGER.canonicalize(StrictJson.read("42"))).isEqualTo(BigInteger.valueOf(42));
		assertThat(ParameterType.INTEGER.canonicalize(StrictJson.read("42.0"))).isEqualTo(BigInteger.valueOf(42));
		assertThat(ParameterType.INTEGER.canonicalize("42")).isEqualTo(BigInteger.valueOf(42));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterType.INTEGER.canonicalize(StrictJson.read("42.5")))
			.withMessage("must be a whole number");
	}

	@ParameterizedTest
	@ValueSource(strings = { "43.0", "043", "+43", "4.3e1", "-0", "43 ", "0x2B", "" })
	void integerWhenTextNotInTheFormEveryParserReadsAlikeThenRefused(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.INTEGER.canonicalize(text))
			.withMessageStartingWith("must be a whole number written as digits only");
	}

	@Test
	void stringWhenNfcThenExactlyAsGiven() {
		assertThat(ParameterType.STRING.canonicalize("caf\u00e9")).isEqualTo("caf\u00e9");
		assertThat(ParameterType.STRING.canonicalize("Acc-1")).isNotEqualTo(ParameterType.STRING.canonicalize("acc-1"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\u212A", "cafe\u0301", "\u2126" })
	void stringWhenNotNfcThenRefusedNeverNormalized(String text) {
		// U+212A KELVIN SIGN normalizes to K: the value a user approved would not be the
		// one the controller gets
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.STRING.canonicalize(text))
			.withMessage("must be in Unicode normalization form NFC");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterType.STRING.canonicalize(StrictJson.toTree(text)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "EUR\u202E01.0", "a\u200Bb", "a\u2028b", "a\u2029b", "a\u0000b", "a\nb", "\u2066x\u2069",
			"\uD800" })
	void stringWhenControlFormatOrSeparatorCharacterThenRefusedNamingIt(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.checkText(text))
			.withMessageStartingWith("must not contain control, format or separator characters such as U+");
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
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterType.BOOLEAN.canonicalize(StrictJson.read("\"true\"")));
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.BOOLEAN.canonicalize("TRUE"));
	}

	@Test
	void fromNameWhenUnknownThenNamesChoices() {
		assertThat(ParameterType.fromName("Decimal")).isEqualTo(ParameterType.DECIMAL);
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterType.fromName("money"))
			.withMessageContaining("string, decimal, integer or boolean");
	}

}
