package dev.countersign.resource.validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.countersign.core.ParameterSchema;
import dev.countersign.core.StrictJson;

import static org.assertj.core.api.Assertions.assertThat;

class ParameterMatchingTests {

	private static final ParameterSchema AMOUNT = TestActionTypeSchemas.decimal("amount", "0", "1000000");

	private static final ParameterSchema CUSTOMER = TestActionTypeSchemas.integer("customerId", 1, null);

	private static final ParameterSchema ACCOUNT = TestActionTypeSchemas.string("account", null);

	@ParameterizedTest
	@ValueSource(strings = { "250", "250.00", "2.5e2", "\"250.0\"" })
	void equalWhenDecimalApprovedThenByValueWhateverTheJsonForm(String requested) {
		assertThat(ParameterMatching.equal(AMOUNT, StrictJson.read("250"), AMOUNT.check(StrictJson.read(requested))))
			.isTrue();
		assertThat(ParameterMatching.equal(AMOUNT, StrictJson.read("250.00"), AMOUNT.check("250"))).isTrue();
	}

	@Test
	void equalWhenDifferentValueOrTypeThenFalse() {
		assertThat(ParameterMatching.equal(AMOUNT, StrictJson.read("250"), AMOUNT.check("250.01"))).isFalse();
		assertThat(ParameterMatching.equal(ACCOUNT, StrictJson.read("\"acc-1\""), ACCOUNT.check("ACC-1"))).isFalse();
		assertThat(ParameterMatching.equal(ACCOUNT, StrictJson.read("1"), ACCOUNT.check("1"))).isFalse();
		assertThat(ParameterMatching.equal(ACCOUNT, StrictJson.read("[\"1\"]"), ACCOUNT.check("1"))).isFalse();
	}

	@Test
	void equalWhenApprovedValueNotNfcThenNeverMatches() {
		// an approved value is never normalized on one side only
		assertThat(ParameterMatching.equal(ACCOUNT, StrictJson.read("\"cafe\\u0301\""), ACCOUNT.check("caf\u00e9")))
			.isFalse();
	}

	@Test
	void admitsWhenOperatorThenAsDocumented() {
		assertThat(ParameterMatching.admits(CUSTOMER, StrictJson.read("42"), CUSTOMER.check("42"))).isTrue();
		assertThat(ParameterMatching.admits(CUSTOMER, StrictJson.read("{\"in\":[42,43]}"), CUSTOMER.check("43")))
			.isTrue();
		assertThat(ParameterMatching.admits(CUSTOMER, StrictJson.read("{\"in\":[42,43]}"), CUSTOMER.check("44")))
			.isFalse();
		assertThat(ParameterMatching.admits(AMOUNT, StrictJson.read("{\"min\":10}"), AMOUNT.check("10.0"))).isTrue();
		assertThat(ParameterMatching.admits(AMOUNT, StrictJson.read("{\"min\":10}"), AMOUNT.check("9.99"))).isFalse();
		assertThat(ParameterMatching.admits(AMOUNT, StrictJson.read("{\"max\":100}"),
				AMOUNT.check(StrictJson.read("100"))))
			.isTrue();
		assertThat(ParameterMatching.admits(AMOUNT, StrictJson.read("{\"max\":100}"), AMOUNT.check("1000"))).isFalse();
		assertThat(ParameterMatching.admits(ACCOUNT, StrictJson.read("{\"prefix\":\"DE\"}"), ACCOUNT.check("DE89")))
			.isTrue();
		assertThat(ParameterMatching.admits(ACCOUNT, StrictJson.read("{\"prefix\":\"DE\"}"), ACCOUNT.check("FR76")))
			.isFalse();
	}

	@Test
	void admitsWhenConstraintMalformedThenFalse() {
		assertThat(ParameterMatching.admits(CUSTOMER, StrictJson.read("{\"min\":1,\"max\":5}"), CUSTOMER.check("3")))
			.isFalse();
		assertThat(ParameterMatching.admits(ACCOUNT, StrictJson.read("{\"like\":\"x\"}"), ACCOUNT.check("x")))
			.isFalse();
		assertThat(ParameterMatching.admits(CUSTOMER, StrictJson.read("{\"in\":42}"), CUSTOMER.check("42"))).isFalse();
		assertThat(ParameterMatching.admits(CUSTOMER, StrictJson.read("{\"min\":\"10\"}"), CUSTOMER.check("11")))
			.isFalse();
		assertThat(ParameterMatching.admits(ACCOUNT, StrictJson.read("{\"min\":10}"), ACCOUNT.check("lots"))).isFalse();
		assertThat(ParameterMatching.admits(CUSTOMER, StrictJson.read("{\"in\":[[42]]}"), CUSTOMER.check("42")))
			.isFalse();
	}

}
