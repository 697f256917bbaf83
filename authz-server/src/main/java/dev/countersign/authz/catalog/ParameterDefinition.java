package dev.countersign.authz.catalog;

import java.math.BigDecimal;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A parameter of an action type as configured
 * ({@code countersign.actions.<type>.parameters.<name>}), checked when the catalog is
 * built.
 *
 * @param type {@code string}, {@code integer}, {@code decimal} or {@code boolean}
 * @param required whether a request must carry it
 * @param maxLength the longest string
 * @param min the least number
 * @param max the greatest number
 * @param pattern the regular expression a string matches whole
 * @param operators the constraint operators a grant may use on it
 */
public record ParameterDefinition(String type, boolean required, @Nullable Integer maxLength, @Nullable BigDecimal min,
		@Nullable BigDecimal max, @Nullable String pattern, List<String> operators) {

	public ParameterDefinition {
		operators = List.copyOf(operators);
	}

}
