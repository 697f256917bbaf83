package dev.countersign.authz.catalog;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.countersign.authz.config.CountersignProperties;
import dev.countersign.authz.settings.InvalidSettingException;
import dev.countersign.core.AuthorizationDetail;
import dev.countersign.core.StrictJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ActionCatalogTests {

	@Test
	void checkSingleWhenValidThenCanonicalDetailAndDisplayText() {
		ActionCatalog catalog = ActionCatalog
			.from(CountersignProperties.definitions(Map.of("payments.transfer", transfer())));

		ActionCatalog.CheckedDetail checked = catalog.checkSingle(StrictJson
			.read("""
					[{"type":"payments.transfer","parameters":{"amount":2.50e2,"currency":"EUR","fromAccount":"acc-1"}}]"""));

		assertThat(checked.detail().parameters()).containsEntry("amount", new BigDecimal("250"))
			.containsEntry("currency", "EUR");
		assertThat(checked.type().displayText(checked.detail())).isEqualTo("Transfer 250 EUR from acc-1");
		assertThat(catalog.typeNames()).containsExactly("payments.transfer");
	}

	@Test
	void checkSingleWhenOptionalParameterMissingThenAccepted() {
		CountersignProperties.Action action = transfer();
		action.getParameters().get("currency").setRequired(false);
		ActionCatalog catalog = ActionCatalog
			.from(CountersignProperties.definitions(Map.of("payments.transfer", action)));
		AuthorizationDetail detail = catalog
			.checkSingle(StrictJson
				.read("[{\"type\":\"payments.transfer\",\"parameters\":{\"amount\":1,\"fromAccount\":\"a\"}}]"))
			.detail();
		assertThat(detail.parameters()).doesNotContainKey("currency");
		assertThat(detail.fields()).isNull();
	}

	@Test
	void checkSingleWhenFieldsAllowedThenKeptInOrder() {
		CountersignProperties.Action action = new CountersignProperties.Action();
		action.setDisplayName("Update an order");
		action.setDisplayTemplate("Update order {orderId}");
		action.setResource("https://api.example");
		action.setFields(List.of("status", "note"));
		action.getParameters().put("orderId", parameter("integer", (p) -> p.setMin(BigDecimal.ONE)));
		ActionCatalog catalog = ActionCatalog.from(CountersignProperties.definitions(Map.of("orders.update", action)));

		AuthorizationDetail detail = catalog
			.checkSingle(StrictJson
				.read("[{\"type\":\"orders.update\",\"parameters\":{\"orderId\":7},\"fields\":[\"note\",\"status\"]}]"))
			.detail();

		assertThat(detail.fields()).containsExactly("note", "status");
		assertThatExceptionOfType(InvalidAuthorizationDetailsException.class)
			.isThrownBy(() -> catalog.checkSingle(StrictJson
				.read("[{\"type\":\"orders.update\",\"parameters\":{\"orderId\":7},\"fields\":[\"note\",\"note\"]}]")))
			.withMessageContaining("twice");
		assertThatExceptionOfType(InvalidAuthorizationDetailsException.class)
			.isThrownBy(() -> catalog
				.checkSingle(StrictJson.read("[{\"type\":\"orders.update\",\"parameters\":{\"orderId\":0}}]")))
			.withMessage("parameter 'orderId' must be at least 1");
	}

	@Test
	void fromWhenTemplateNamesUnknownParameterThenNamesSetting() {
		CountersignProperties.Action action = transfer();
		action.setDisplayTemplate("Send {amount} to {toIban}");
		assertInvalid(action,
				"countersign.actions[payments.transfer].display-template names 'toIban', which is not a parameter");
	}

	@Test
	void fromWhenLifetimeOverTenMinutesThenNamesSetting() {
		CountersignProperties.Action action = transfer();
		action.setTokenLifetime(Duration.ofMinutes(11));
		assertInvalid(action,
				"countersign.actions[payments.transfer].token-lifetime is PT11M, outside (0, 10 minutes]");
	}

	@Test
	void fromWhenRequiredSettingMissingOrInvalidThenNamesIt() {
		CountersignProperties.Action noResource = transfer();
		noResource.setResource(null);
		assertInvalid(noResource, "countersign.actions[payments.transfer].resource is not set");
		CountersignProperties.Action badResource = transfer();
		badResource.setResource("api#x");
		assertInvalid(badResource,
				"countersign.actions[payments.transfer].resource is 'api#x', not a resource indicator");
		CountersignProperties.Action noName = transfer();
		noName.setDisplayName(" ");
		assertInvalid(noName, "countersign.actions[payments.transfer].display-name is not set");
	}

	@Test
	void fromWhenParameterSchemaInvalidThenNamesParameter() {
		CountersignProperties.Action badType = transfer();
		badType.getParameters().get("amount").setType("money");
		assertInvalid(badType, "countersign.actions[payments.transfer].parameters.amount.type is 'money'");
		CountersignProperties.Action badRange = transfer();
		badRange.getParameters().get("amount").setMin(BigDecimal.TEN);
		badRange.getParameters().get("amount").setMax(BigDecimal.ONE);
		assertInvalid(badRange, "countersign.actions[payments.transfer].parameters.amount.min is greater than max");
		CountersignProperties.Action badPattern = transfer();
		badPattern.getParameters().get("currency").setPattern("[A-Z");
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(
				() -> ActionCatalog.from(CountersignProperties.definitions(Map.of("payments.transfer", badPattern))))
			.withMessageStartingWith(
					"countersign.actions[payments.transfer].parameters.currency.pattern is not a regular expression");
		CountersignProperties.Action patternOnNumber = transfer();
		patternOnNumber.getParameters().get("amount").setPattern("[0-9]+");
		assertInvalid(patternOnNumber,
				"countersign.actions[payments.transfer].parameters.amount.pattern is set on a decimal parameter");
	}

	@Test
	void fromWhenTypeNameInvalidThenNamesIt() {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(
				() -> ActionCatalog.from(CountersignProperties.definitions(Map.of("Payments Transfer", transfer()))))
			.withMessage("countersign.actions[Payments Transfer] is not a valid type name");
	}

	@Test
	void checkGrantWhenOperatorsAllowedThenCanonicalConstraintsAndDisplayText() {
		CountersignProperties.Action action = transfer();
		action.getParameters().get("amount").setOperators(List.of("min", "max"));
		action.getParameters().get("fromAccount").setOperators(List.of("in", "prefix"));
		ActionType type = ActionCatalog.from(CountersignProperties.definitions(Map.of("payments.transfer", action)))
			.find("payments.transfer");

		AuthorizationDetail detail = type.checkGrant(StrictJson.read("""
				{"type":"payments.transfer","parameters":{"amount":{"max":2.50e2},"currency":"EUR",
				"fromAccount":{"in":["acc-1","acc-2"]}}}"""));

		assertThat(detail.parameters()).containsEntry("amount", Map.of("max", new BigDecimal("250")))
			.containsEntry("fromAccount", Map.of("in", List.of("acc-1", "acc-2")));
		assertThat(type.displayText(detail)).isEqualTo("Transfer at most 250 EUR from acc-1 or acc-2");
		AuthorizationDetail prefix = type.checkGrant(StrictJson
			.read("""
					{"type":"payments.transfer","parameters":{"amount":{"min":1},"currency":"EUR","fromAccount":{"prefix":"acc"}}}"""));
		assertThat(type.displayText(prefix)).isEqualTo("Transfer at least 1 EUR from starting with acc");
	}

	@Test
	void checkGrantWhenConstraintBreaksRulesThenNamesParameterAndRule() {
		CountersignProperties.Action action = transfer();
		action.getParameters().get("amount").setOperators(List.of("max"));
		action.getParameters().get("fromAccount").setOperators(List.of("in", "prefix"));
		ActionType type = ActionCatalog.from(CountersignProperties.definitions(Map.of("payments.transfer", action)))
			.find("payments.transfer");
		Map<String, String> cases = new LinkedHashMap<>();
		cases.put("{\"amount\":{\"min\":1},\"currency\":\"EUR\",\"fromAccount\":\"a\"}",
				"parameter 'amount' allows only max, not 'min'");
		cases.put("{\"amount\":1,\"currency\":{\"in\":[\"EUR\"]},\"fromAccount\":\"a\"}",
				"parameter 'currency' takes exact values only, not 'in'");
		cases.put("{\"amount\":{\"max\":0},\"currency\":\"EUR\",\"fromAccount\":\"a\"}",
				"parameter 'amount' must be at least 0.01");
		cases.put("{\"amount\":1,\"currency\":\"EUR\",\"fromAccount\":{\"in\":[]}}",
				"parameter 'fromAccount' 'in' must list 1 to 50 values");
		cases.put("{\"amount\":1,\"currency\":\"EUR\",\"fromAccount\":{\"in\":[[\"a\"]]}}",
				"parameter 'fromAccount' 'in' must list values, not arrays or objects");
		cases.put("{\"amount\":1,\"currency\":\"EUR\",\"fromAccount\":{\"prefix\":\"\"}}",
				"parameter 'fromAccount' 'prefix' must be a non-empty string");
		cases.put("{\"amount\":1,\"currency\":\"EUR\",\"fromAccount\":{\"prefix\":\"abcdefghijk\"}}",
				"parameter 'fromAccount' 'prefix' must be at most 10 characters long");
		cases.put("{\"amount\":1,\"currency\":\"EUR\",\"fromAccount\":{\"in\":[\"a\"],\"prefix\":\"a\"}}",
				"parameter 'fromAccount' must be a value or an object with exactly one operator");
		cases.forEach((parameters, message) -> assertThatExceptionOfType(InvalidAuthorizationDetailsException.class)
			.as(parameters)
			.isThrownBy(() -> type
				.checkGrant(StrictJson.read("{\"type\":\"payments.transfer\",\"parameters\":" + parameters + "}")))
			.withMessage(message));
	}

	@Test
	void checkSingleWhenOperatorGivenThenRefusedEvenWhereGrantsMayUseIt() {
		CountersignProperties.Action action = transfer();
		action.getParameters().get("amount").setOperators(List.of("max"));
		ActionCatalog catalog = ActionCatalog
			.from(CountersignProperties.definitions(Map.of("payments.transfer", action)));
		assertThatExceptionOfType(InvalidAuthorizationDetailsException.class).isThrownBy(() -> catalog
			.checkSingle(StrictJson.read("[{\"type\":\"payments.transfer\",\"parameters\":{\"amount\":{\"max\":5},"
					+ "\"currency\":\"EUR\",\"fromAccount\":\"a\"}}]")));
	}

	@Test
	void fromWhenOperatorUnknownOrWrongForTypeThenNamesSetting() {
		CountersignProperties.Action unknown = transfer();
		unknown.getParameters().get("amount").setOperators(List.of("between"));
		assertInvalid(unknown, "countersign.actions[payments.transfer].parameters.amount.operators names 'between'");
		CountersignProperties.Action prefixOnNumber = transfer();
		prefixOnNumber.getParameters().get("amount").setOperators(List.of("prefix"));
		assertInvalid(prefixOnNumber, "countersign.actions[payments.transfer].parameters.amount.operators has 'prefix' "
				+ "on a decimal parameter, or twice");
		CountersignProperties.Action twice = transfer();
		twice.getParameters().get("currency").setOperators(List.of("in", "in"));
		assertInvalid(twice, "countersign.actions[payments.transfer].parameters.currency.operators has 'in' "
				+ "on a string parameter, or twice");
	}

	private static void assertInvalid(CountersignProperties.Action action, String message) {
		Map<String, CountersignProperties.Action> actions = new LinkedHashMap<>();
		actions.put("payments.transfer", action);
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> ActionCatalog.from(CountersignProperties.definitions(actions)))
			.withMessage(message);
	}

	static CountersignProperties.Action transfer() {
		CountersignProperties.Action action = new CountersignProperties.Action();
		action.setDisplayName("Transfer money");
		action.setDisplayTemplate("Transfer {amount} {currency} from {fromAccount}");
		action.setResource("https://api.example");
		action.getParameters().put("fromAccount", parameter("string", (p) -> p.setMaxLength(10)));
		action.getParameters().put("amount", parameter("decimal", (p) -> p.setMin(new BigDecimal("0.01"))));
		action.getParameters().put("currency", parameter("string", (p) -> p.setPattern("[A-Z]{3}")));
		return action;
	}

	private static CountersignProperties.Parameter parameter(String type,
			Consumer<CountersignProperties.Parameter> setup) {
		CountersignProperties.Parameter parameter = new CountersignProperties.Parameter();
		parameter.setType(type);
		setup.accept(parameter);
		return parameter;
	}

}
