package dev.countersign.authz.catalog;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.ActionTypeSchema;
import dev.countersign.core.AuthorizationDetail;
import dev.countersign.core.Constraint;
import dev.countersign.core.ParameterSchema;

/**
 * One entry of the action catalog: how the action is shown, which parameters it takes,
 * which resource it belongs to, how long its tokens live and how fresh the approving
 * login must be.
 *
 * @param name the type, as in {@code authorization_details[].type}
 * @param displayName the name shown to users
 * @param displayTemplate the sentence shown to users, with {parameter} placeholders
 * @param resource the resource indicator of the API; the action token's audience
 * @param tokenLifetime lifetime of the action token
 * @param maxAge how recent the approving login must be, or {@code null}
 * @param fields body members a request may restrict itself to; empty when not allowed
 * @param parameters the parameter schemas by name, in declaration order
 * @param acr the authentication context classes an approving sign-in must have one of, in
 * order of preference; empty for any
 * @param mode how its routes check it, and what a decoupled approval issues
 */
public record ActionType(String name, String displayName, String displayTemplate, String resource,
		Duration tokenLifetime, @Nullable Duration maxAge, Set<String> fields, Map<String, ParameterSpec> parameters,
		List<String> acr, ActionMode mode) {

	static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)\\}");

	/**
	 * Checks one requested {@code authorization_details} entry of this type, as a
	 * Just-In-Time approval asks for it, and returns its canonical form. Every parameter
	 * must be declared, every required one given, each value of its type and within its
	 * limits; {@code fields}, when given, must name allowed members.
	 * @param detail the JSON object
	 * @return the canonical detail
	 * @throws InvalidAuthorizationDetailsException naming what is wrong
	 */
	public AuthorizationDetail check(JsonNode detail) {
		return check(detail, false);
	}

	/**
	 * Checks one requested {@code authorization_details} entry of this type, as a grant
	 * asks for it at consent (query-level approval): like {@link #check(JsonNode)}, but a
	 * parameter may also be constrained by an operator the catalog allows for it
	 * ({@link ParameterSpec#checkConstraint}).
	 * @param detail the JSON object
	 * @return the canonical detail
	 * @throws InvalidAuthorizationDetailsException naming what is wrong
	 */
	public AuthorizationDetail checkGrant(JsonNode detail) {
		return check(detail, true);
	}

	private AuthorizationDetail check(JsonNode detail, boolean constraints) {
		for (Iterator<String> names = detail.propertyNames().iterator(); names.hasNext();) {
			String member = names.next();
			if (!member.equals(AuthorizationDetail.TYPE) && !member.equals(AuthorizationDetail.PARAMETERS)
					&& !member.equals(AuthorizationDetail.FIELDS)) {
				throw new InvalidAuthorizationDetailsException(
						"member '" + member + "' is not supported; use type, parameters and fields");
			}
		}
		JsonNode given = detail.get(AuthorizationDetail.PARAMETERS);
		if (given == null || !given.isObject()) {
			throw new InvalidAuthorizationDetailsException("parameters must be an object");
		}
		Map<String, Object> parameters = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : given.properties()) {
			ParameterSpec spec = this.parameters.get(entry.getKey());
			if (spec == null) {
				throw new InvalidAuthorizationDetailsException(
						"parameter '" + entry.getKey() + "' is not a parameter of " + this.name);
			}
			parameters.put(entry.getKey(),
					constraints ? spec.checkConstraint(entry.getValue()) : spec.check(entry.getValue()));
		}
		for (ParameterSpec spec : this.parameters.values()) {
			if (spec.required() && !parameters.containsKey(spec.name())) {
				throw new InvalidAuthorizationDetailsException("parameter '" + spec.name() + "' is required");
			}
		}
		return new AuthorizationDetail(this.name, parameters, checkFields(detail.get(AuthorizationDetail.FIELDS)));
	}

	/**
	 * What an entry of this type may hold, as the authorization details types metadata
	 * endpoint publishes it for clients and resource servers.
	 * @return the schema
	 */
	public ActionTypeSchema schema() {
		Map<String, ParameterSchema> schemas = new LinkedHashMap<>();
		Map<String, Set<String>> operators = new LinkedHashMap<>();
		this.parameters.forEach((name, spec) -> {
			schemas.put(name, spec.schema());
			if (!spec.operators().isEmpty()) {
				operators.put(name, spec.operators());
			}
		});
		return new ActionTypeSchema(this.name, this.displayName, schemas, operators, this.fields);
	}

	/**
	 * The sentence shown to the user, placeholders replaced by the approved values.
	 * @param detail the approved detail
	 * @return the text
	 */
	public String displayText(AuthorizationDetail detail) {
		Matcher matcher = PLACEHOLDER.matcher(this.displayTemplate);
		StringBuilder text = new StringBuilder();
		while (matcher.find()) {
			Object value = detail.parameters().get(matcher.group(1));
			matcher.appendReplacement(text, Matcher.quoteReplacement(displayValue(value)));
		}
		matcher.appendTail(text);
		return text.toString();
	}

	/**
	 * A canonical value as shown to people.
	 * @param value the value
	 * @return its text; a dash when absent
	 */
	public static String displayValue(@Nullable Object value) {
		if (value == null) {
			return "—";
		}
		if (value instanceof Map<?, ?>) {
			return Constraint.fromCanonical(value).describe(ActionType::displayValue);
		}
		if (value instanceof List<?> values) {
			return new Constraint.In(List.copyOf(values)).describe(ActionType::displayValue);
		}
		return (value instanceof BigDecimal decimal) ? decimal.toPlainString() : value.toString();
	}

	private @Nullable List<String> checkFields(@Nullable JsonNode fields) {
		if (fields == null) {
			return null;
		}
		if (this.fields.isEmpty()) {
			throw new InvalidAuthorizationDetailsException("fields is not allowed for " + this.name);
		}
		if (!fields.isArray() || fields.isEmpty()) {
			throw new InvalidAuthorizationDetailsException("fields must be a non-empty array of member names");
		}
		Set<String> result = new LinkedHashSet<>();
		for (JsonNode field : fields) {
			if (!field.isString() || !this.fields.contains(field.asString())) {
				throw new InvalidAuthorizationDetailsException(
						"fields may only name " + String.join(", ", this.fields) + "; not " + field);
			}
			if (!result.add(field.asString())) {
				throw new InvalidAuthorizationDetailsException("fields names '" + field.asString() + "' twice");
			}
		}
		return new ArrayList<>(result);
	}

}
