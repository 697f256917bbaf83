package dev.countersign.resource.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.util.Assert;

/**
 * What protects a route: the action type, the mode, and where each parameter comes from.
 *
 * @param type the action type
 * @param mode {@link ActionMode#JIT} or {@link ActionMode#GRANT}
 * @param parameters the sources by parameter name
 */
public record ActionBinding(String type, ActionMode mode, Map<String, ParameterSource> parameters) {

	public ActionBinding {
		Assert.hasText(type, "type cannot be empty");
		Assert.notNull(mode, "mode cannot be null");
		parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
	}

	/**
	 * The binding of an annotated handler method.
	 * @param annotation the annotation
	 * @return the binding
	 * @throws IllegalArgumentException for a malformed parameter
	 */
	public static ActionBinding of(RequiresApproval annotation) {
		Map<String, ParameterSource> parameters = new LinkedHashMap<>();
		for (String parameter : annotation.parameters()) {
			int equals = parameter.indexOf('=');
			if (equals <= 0) {
				throw new IllegalArgumentException(
						"'" + parameter + "' must read name=source, such as fromAccount=path:accountId");
			}
			String name = parameter.substring(0, equals).trim();
			if (parameters.put(name, ParameterSource.parse(parameter.substring(equals + 1))) != null) {
				throw new IllegalArgumentException("parameter '" + name + "' is bound twice");
			}
		}
		return new ActionBinding(annotation.type(), annotation.mode(), parameters);
	}

}
