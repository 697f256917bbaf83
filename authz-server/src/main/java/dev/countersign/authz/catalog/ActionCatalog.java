package dev.countersign.authz.catalog;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;
import tools.jackson.databind.JsonNode;

import dev.countersign.authz.settings.InvalidSettingException;
import dev.countersign.core.AuthorizationDetail;
import dev.countersign.core.ParameterSchema;
import dev.countersign.core.ParameterType;
import dev.countersign.core.ResourceIndicators;

/**
 * The action types clients may ask approval for, read from {@code countersign.actions}
 * and checked at start-up: an invalid entry stops the server with a message naming it.
 */
public final class ActionCatalog {

	/** The longest lifetime an action token may have. */
	public static final Duration MAX_TOKEN_LIFETIME = Duration.ofMinutes(10);

	private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*");

	private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

	private final Map<String, ActionType> types;

	private ActionCatalog(Map<String, ActionType> types) {
		this.types = Collections.unmodifiableMap(types);
	}

	/**
	 * Reads and checks the catalog.
	 * @param actions the configured action types
	 * @return the catalog
	 * @throws InvalidSettingException naming the first invalid setting
	 */
	public static ActionCatalog from(Map<String, ActionDefinition> actions) {
		Map<String, ActionType> types = new LinkedHashMap<>();
		actions.forEach((name, action) -> types.put(name, toActionType(name, action)));
		return new ActionCatalog(types);
	}

	/**
	 * The action type of a name.
	 * @param name the type
	 * @return the type, or {@code null} when the catalog has none of that name
	 */
	public @Nullable ActionType find(String name) {
		return this.types.get(name);
	}

	/**
	 * The resources of the catalog's types: the only resource servers that may send this
	 * server transaction authorization challenges.
	 * @return the resource indicators
	 */
	public Set<String> resources() {
		Set<String> resources = new java.util.LinkedHashSet<>();
		this.types.values().forEach((type) -> resources.add(type.resource()));
		return resources;
	}

	/**
	 * Every type name, for {@code authorization_details_types_supported}.
	 * @return the names in configuration order
	 */
	public Set<String> typeNames() {
		return this.types.keySet();
	}

	/**
	 * Checks a requested {@code authorization_details} array of exactly one entry, as an
	 * approval request carries it.
	 * @param details the JSON value
	 * @return the type and the canonical detail
	 * @throws InvalidAuthorizationDetailsException naming what is wrong
	 */
	public CheckedDetail checkSingle(@Nullable JsonNode details) {
		if (details == null || !details.isArray()) {
			throw new InvalidAuthorizationDetailsException("authorization_details must be a JSON array");
		}
		if (details.size() != 1) {
			throw new InvalidAuthorizationDetailsException(
					"authorization_details must hold exactly one entry, not " + details.size());
		}
		JsonNode detail = details.get(0);
		if (!detail.isObject()) {
			throw new InvalidAuthorizationDetailsException("authorization_details[0] must be an object");
		}
		JsonNode type = detail.get(AuthorizationDetail.TYPE);
		if (type == null || !type.isString()) {
			throw new InvalidAuthorizationDetailsException("authorization_details[0].type is required");
		}
		ActionType actionType = find(type.asString());
		if (actionType == null) {
			throw new InvalidAuthorizationDetailsException(
					"type '" + type.asString() + "' is not in the action catalog");
		}
		return new CheckedDetail(actionType, actionType.check(detail));
	}

	private static ActionType toActionType(String name, ActionDefinition action) {
		String prefix = "countersign.actions[" + name + "].";
		if (!TYPE_NAME.matcher(name).matches()) {
			throw new InvalidSettingException("countersign.actions[" + name + "]", "is not a valid type name",
					"Use lower-case words separated by dots, such as payments.transfer.");
		}
		String displayName = required(action.displayName(), prefix + "display-name");
		String template = required(action.displayTemplate(), prefix + "display-template");
		String resource = required(action.resource(), prefix + "resource");
		if (!ResourceIndicators.isValid(resource)) {
			throw new InvalidSettingException(prefix + "resource", "is '" + resource + "', not a resource indicator",
					"Use the absolute URI (no fragment) of the API the action belongs to.");
		}
		Duration lifetime = action.tokenLifetime();
		if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_TOKEN_LIFETIME) > 0) {
			throw new InvalidSettingException(prefix + "token-lifetime", "is " + lifetime + ", outside (0, 10 minutes]",
					"Action tokens live seconds to minutes; the default is 60 s.");
		}
		Duration maxAge = action.maxAge();
		if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
			throw new InvalidSettingException(prefix + "max-age", "must be positive",
					"Leave it unset to accept any login.");
		}
		Map<String, ParameterSpec> parameters = new LinkedHashMap<>();
		action.parameters()
			.forEach((parameterName, parameter) -> parameters.put(parameterName,
					toParameterSpec(prefix + "parameters." + parameterName + ".", parameterName, parameter)));
		Matcher placeholders = ActionType.PLACEHOLDER.matcher(template);
		while (placeholders.find()) {
			if (!parameters.containsKey(placeholders.group(1))) {
				throw new InvalidSettingException(prefix + "display-template",
						"names '" + placeholders.group(1) + "', which is not a parameter",
						"Name declared parameters only.");
			}
		}
		Set<String> fields = new LinkedHashSet<>(action.fields());
		if (fields.size() != action.fields().size()
				|| fields.stream().anyMatch((field) -> !StringUtils.hasText(field))) {
			throw new InvalidSettingException(prefix + "fields", "has an empty or repeated name",
					"List each member once.");
		}
		return new ActionType(name, displayName, template, resource, lifetime, maxAge,
				Collections.unmodifiableSet(fields), Collections.unmodifiableMap(parameters), List.copyOf(action.acr()),
				action.mode());
	}

	private static ParameterSpec toParameterSpec(String prefix, String name, ParameterDefinition parameter) {
		if (!PARAMETER_NAME.matcher(name).matches()) {
			throw new InvalidSettingException(prefix.substring(0, prefix.length() - 1), "is not a valid parameter name",
					"Use letters, digits and underscores, starting with a letter.");
		}
		ParameterType type;
		try {
			type = ParameterType.fromName(parameter.type());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSettingException(prefix + "type", "is '" + parameter.type() + "'",
					"Use string, decimal, integer or boolean.");
		}
		boolean numeric = type == ParameterType.DECIMAL || type == ParameterType.INTEGER;
		BigDecimal min = parameter.min();
		BigDecimal max = parameter.max();
		if (!numeric && (min != null || max != null)) {
			throw new InvalidSettingException(prefix + "min", "is set on a " + type.typeName() + " parameter",
					"min and max apply to decimal and integer parameters.");
		}
		if (min != null && max != null && min.compareTo(max) > 0) {
			throw new InvalidSettingException(prefix + "min", "is greater than max", "Swap them.");
		}
		Integer maxLength = parameter.maxLength();
		if (maxLength != null && (type != ParameterType.STRING || maxLength < 1)) {
			throw new InvalidSettingException(prefix + "max-length",
					"applies to string parameters and must be positive", "Remove it or fix the type.");
		}
		Pattern pattern = null;
		if (parameter.pattern() != null) {
			if (type != ParameterType.STRING) {
				throw new InvalidSettingException(prefix + "pattern", "is set on a " + type.typeName() + " parameter",
						"pattern applies to string parameters.");
			}
			try {
				pattern = Pattern.compile(parameter.pattern());
			}
			catch (PatternSyntaxException ex) {
				throw new InvalidSettingException(prefix + "pattern",
						"is not a regular expression: " + ex.getDescription(), "Fix the expression.");
			}
		}
		Set<String> operators = new LinkedHashSet<>();
		for (String operator : parameter.operators()) {
			Set<String> allowedFor = ParameterSpec.OPERATORS.get(operator);
			if (allowedFor == null) {
				throw new InvalidSettingException(prefix + "operators", "names '" + operator + "'",
						"Use in, min, max or prefix.");
			}
			if (!allowedFor.contains(type.typeName()) || !operators.add(operator)) {
				throw new InvalidSettingException(prefix + "operators",
						"has '" + operator + "' on a " + type.typeName() + " parameter, or twice",
						"in applies to every type, min and max to decimal and integer, prefix to string; list each once.");
			}
		}
		return new ParameterSpec(new ParameterSchema(name, type, parameter.required(), maxLength, min, max, pattern),
				Collections.unmodifiableSet(operators));
	}

	private static String required(@Nullable String value, String setting) {
		if (!StringUtils.hasText(value)) {
			throw new InvalidSettingException(setting, "is not set", "Every action type needs it.");
		}
		return value;
	}

	/**
	 * A requested detail that fits the catalog.
	 *
	 * @param type its action type
	 * @param detail its canonical form
	 */
	public record CheckedDetail(ActionType type, AuthorizationDetail detail) {
	}

}
