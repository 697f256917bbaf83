package dev.countersign.authz.catalog;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An action type as configured ({@code countersign.actions.<type>}), checked when the
 * catalog is built ({@link ActionCatalog#from}).
 *
 * @param displayName the name shown to the user
 * @param displayTemplate the text shown, over the parameters
 * @param resource the resource indicator of its action tokens
 * @param tokenLifetime the action tokens' lifetime
 * @param maxAge the longest time since the user's login, or {@code null} for any
 * @param fields the only body members a request may set, or empty for any
 * @param parameters the parameters by name, in order
 * @param acr the authentication context classes an approving sign-in must have one of
 * (sent as {@code acr_values}, in order of preference); empty for any
 */
public record ActionDefinition(@Nullable String displayName, @Nullable String displayTemplate,
		@Nullable String resource, Duration tokenLifetime, @Nullable Duration maxAge, List<String> fields,
		Map<String, ParameterDefinition> parameters, List<String> acr, ActionMode mode) {

	public ActionDefinition {
		fields = List.copyOf(fields);
		parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
		acr = List.copyOf(acr);
	}

	/**
	 * A definition that asks for no particular authentication class.
	 * @param displayName the display name, or {@code null} for the type's name
	 * @param displayTemplate the display template, or {@code null}
	 * @param resource the resource indicator
	 * @param tokenLifetime the action token's lifetime
	 * @param maxAge how recent the approving login must be, or {@code null}
	 * @param fields the only body fields a request may set
	 * @param parameters the parameter schema
	 */
	public ActionDefinition(@Nullable String displayName, @Nullable String displayTemplate, @Nullable String resource,
			Duration tokenLifetime, @Nullable Duration maxAge, List<String> fields,
			Map<String, ParameterDefinition> parameters) {
		this(displayName, displayTemplate, resource, tokenLifetime, maxAge, fields, parameters, List.of(),
				ActionMode.JIT);
	}

}
