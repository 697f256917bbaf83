package dev.countersign.core;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ActionTypeSchemaTests {

	private static final ActionTypeSchema TRANSFER = transfer();

	@Test
	void fromMetadataWhenWrittenByToMetadataThenSameSchema() {
		JsonNode document = StrictJson.read(StrictJson.write(TRANSFER.toMetadata()));
		ActionTypeSchema read = ActionTypeSchema.fromMetadata("payments.transfer", document);
		assertThat(read.type()).isEqualTo("payments.transfer");
		assertThat(read.description()).isEqualTo("Transfer money");
		assertThat(read.parameters()).containsOnlyKeys("fromAccount", "amount", "customerId", "urgent");
		assertThat(read.operators()).isEqualTo(Map.of("amount", Set.of("min", "max")));
		assertThat(read.fields()).containsExactly("note");
		ParameterSchema amount = read.parameters().get("amount");
		assertThat(amount.type()).isEqualTo(ParameterType.DECIMAL);
		assertThat(amount.required()).isTrue();
		assertThat(amount.min()).isEqualByComparingTo("0.01");
		assertThat(amount.max()).isEqualByComparingTo("1000000");
		ParameterSchema account = read.parameters().get("fromAccount");
		assertThat(account.maxLength()).isEqualTo(64);
		// the same limits on both sides
		assertThat(account.check("acc-1")).isEqualTo("acc-1");
		assertThatIllegalArgumentException().isThrownBy(() -> account.check("acc 1"))
			.withMessageStartingWith("parameter 'fromAccount' does not match");
		assertThat(read.parameters().get("customerId").type()).isEqualTo(ParameterType.INTEGER);
		assertThat(read.parameters().get("customerId").required()).isFalse();
		assertThat(read.parameters().get("urgent").type()).isEqualTo(ParameterType.BOOLEAN);
	}

	@Test
	void toMetadataWhenPublishedThenJsonSchemaOfOneEntry() {
		JsonNode schema = StrictJson.read(StrictJson.write(TRANSFER.toMetadata())).get("schema");
		assertThat(schema.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
		assertThat(schema.at("/properties/type/const").asString()).isEqualTo("payments.transfer");
		assertThat(schema.at("/properties/parameters/additionalProperties").asBoolean()).isFalse();
		assertThat(schema.at("/properties/parameters/required").toString()).isEqualTo("[\"fromAccount\",\"amount\"]");
		assertThat(schema.at("/$defs/fromAccount/pattern").asString()).isEqualTo("^(?:[A-Za-z0-9-]+)$");
		assertThat(schema.at("/$defs/amount/type").toString()).isEqualTo("[\"number\",\"string\"]");
		assertThat(schema.at("/$defs/amount/minimum").decimalValue()).isEqualByComparingTo("0.01");
		assertThat(schema.at("/properties/parameters/properties/amount/anyOf/1/properties").propertyNames())
			.containsExactlyInAnyOrder("min", "max");
		assertThat(schema.at("/properties/fields/items/enum/0").asString()).isEqualTo("note");
	}

	@Test
	void fromMetadataWhenParameterHasNoValueSchemaThenRefusedNamingIt() {
		JsonNode document = StrictJson
			.read("{\"schema\":{\"properties\":{\"parameters\":{\"properties\":{\"x\":{}}}}}}");
		assertThatIllegalArgumentException().isThrownBy(() -> ActionTypeSchema.fromMetadata("t", document))
			.withMessageContaining("parameter 'x'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ActionTypeSchema.fromMetadata("t", StrictJson.read("{\"description\":\"no schema\"}")));
	}

	private static ActionTypeSchema transfer() {
		Map<String, ParameterSchema> parameters = new LinkedHashMap<>();
		parameters.put("fromAccount", new ParameterSchema("fromAccount", ParameterType.STRING, true, 64, null, null,
				Pattern.compile("[A-Za-z0-9-]+")));
		parameters.put("amount", new ParameterSchema("amount", ParameterType.DECIMAL, true, null,
				new BigDecimal("0.01"), new BigDecimal("1000000"), null));
		parameters.put("customerId",
				new ParameterSchema("customerId", ParameterType.INTEGER, false, null, BigDecimal.ONE, null, null));
		parameters.put("urgent", new ParameterSchema("urgent", ParameterType.BOOLEAN, false, null, null, null, null));
		return new ActionTypeSchema("payments.transfer", "Transfer money", parameters,
				Map.of("amount", Set.of("min", "max")), Set.of("note"));
	}

}
