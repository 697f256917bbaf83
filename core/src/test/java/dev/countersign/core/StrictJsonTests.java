package dev.countersign.core;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StrictJsonTests {

	@Test
	void readWhenMemberRepeatedThenRefusedNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> StrictJson.read("{\"a\":1,\"a\":2}"))
			.withMessageContaining("member given twice")
			.withMessageContaining("\"a\"");
	}

	@Test
	void readWhenNestedMemberRepeatedThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StrictJson.read("[{\"type\":\"t\",\"parameters\":{\"x\":1,\"x\":1}}]"));
	}

	@Test
	void readWhenMalformedOrTrailingThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> StrictJson.read("{\"a\":"))
			.withMessageStartingWith("malformed JSON");
		assertThatIllegalArgumentException().isThrownBy(() -> StrictJson.read("{} {}"));
	}

	@Test
	void readWhenMalformedThenDescribedInOwnWordsWithoutImplementationNames() {
		for (String json : java.util.List.of("{\"a\":", "[1,2", "{\"a\":NaN}", "{\"a\":0x10}",
				"{\"a\":" + "9".repeat(1200) + "}", "{\"a\":tru}", "\"\\uZZZZ\"", "[".repeat(2000))) {
			assertThatIllegalArgumentException().isThrownBy(() -> StrictJson.read(json))
				.withMessageStartingWith("malformed JSON: ")
				.withMessageNotContaining("`")
				.withMessageNotContaining("Feature")
				.withMessageNotContaining("tools.jackson")
				.withMessageNotContaining("Source:");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> StrictJson.read("[1,\n2,"))
			.withMessage("malformed JSON: it ends too early at line 2, column 3");
	}

	@Test
	void readWhenDecimalThenNoDoubleRounding() {
		assertThat(StrictJson.read("0.1000000000000000000001").decimalValue())
			.isEqualTo(new BigDecimal("0.1000000000000000000001"));
	}

	@Test
	void detailWhenWrittenThenSortedParametersAndPlainDecimals() {
		AuthorizationDetail detail = new AuthorizationDetail("payments.transfer",
				Map.of("toIban", "DE89", "amount", new BigDecimal("1E+2")), List.of("note"));
		assertThat(detail.toJson()).isEqualTo(
				"{\"type\":\"payments.transfer\",\"parameters\":{\"amount\":100,\"toIban\":\"DE89\"},\"fields\":[\"note\"]}");
	}

	@Test
	void equalWhenNumbersOfDifferentTypesThenByValue() {
		assertThat(CanonicalValues.equal(new BigDecimal("42"), java.math.BigInteger.valueOf(42))).isTrue();
		assertThat(CanonicalValues.equal(new BigDecimal("42.10"), new BigDecimal("42.1"))).isTrue();
		assertThat(CanonicalValues.equal("42", new BigDecimal("42"))).isFalse();
		assertThat(CanonicalValues.equal(null, null)).isTrue();
		assertThat(CanonicalValues.equal(Boolean.TRUE, "true")).isFalse();
	}

}
