package dev.countersign.resource.validation;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.countersign.core.ActionTypeSchema;
import dev.countersign.core.ParameterSchema;
import dev.countersign.core.ParameterType;

/**
 * Test data: action type schemas as the authorization server's catalog would publish
 * them.
 */
public final class TestActionTypeSchemas {

	private TestActionTypeSchemas() {
	}

	public static ActionTypeSchema type(String name, ParameterSchema... parameters) {
		return type(name, Set.of(), parameters);
	}

	public static ActionTypeSchema type(String name, Set<String> fields, ParameterSchema... parameters) {
		Map<String, ParameterSchema> byName = new LinkedHashMap<>();
		for (ParameterSchema parameter : parameters) {
			byName.put(parameter.name(), parameter);
		}
		return new ActionTypeSchema(name, null, byName, Map.of(), fields);
	}

	public static ParameterSchema string(String name, @Nullable String pattern) {
		return new ParameterSchema(name, ParameterType.STRING, false, 64, null, null,
				(pattern != null) ? Pattern.compile(pattern) : null);
	}

	public static ParameterSchema integer(String name, @Nullable Integer min, @Nullable Integer max) {
		return new ParameterSchema(name, ParameterType.INTEGER, false, null,
				(min != null) ? BigDecimal.valueOf(min) : null, (max != null) ? BigDecimal.valueOf(max) : null, null);
	}

	public static ParameterSchema decimal(String name, String min, String max) {
		return new ParameterSchema(name, ParameterType.DECIMAL, false, null, new BigDecimal(min), new BigDecimal(max),
				null);
	}

	public static InMemoryActionTypeSchemas of(ActionTypeSchema... types) {
		return new InMemoryActionTypeSchemas(List.of(types));
	}

}
