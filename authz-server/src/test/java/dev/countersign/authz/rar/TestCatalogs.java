package dev.countersign.authz.rar;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.ActionDefinition;
import dev.countersign.authz.catalog.ParameterDefinition;

/**
 * Test data: a catalog of the demo's {@code records.read}, its {@code customerId} an
 * integer of at least 1 that grants may constrain with {@code in}, {@code min} and
 * {@code max}.
 */
final class TestCatalogs {

	private TestCatalogs() {
	}

	static ActionCatalog records() {
		ParameterDefinition customerId = new ParameterDefinition("integer", true, null, BigDecimal.ONE, null, null,
				List.of("in", "min", "max"));
		return ActionCatalog.from(Map.of("records.read",
				new ActionDefinition("Read customer records", "Read the records of customer {customerId}",
						"http://localhost:8080", Duration.ofSeconds(60), null, List.of(),
						Map.of("customerId", customerId))));
	}

}
