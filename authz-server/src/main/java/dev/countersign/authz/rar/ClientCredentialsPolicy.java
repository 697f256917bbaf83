package dev.countersign.authz.rar;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;

import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.ActionType;
import dev.countersign.authz.catalog.InvalidAuthorizationDetailsException;
import dev.countersign.authz.catalog.ParameterSpec;
import dev.countersign.authz.token.ClientMetadata;
import dev.countersign.core.AuthorizationDetail;
import dev.countersign.core.Constraint;
import dev.countersign.core.Messages;
import dev.countersign.core.StrictJson;

/**
 * What a client may carry in its own tokens, got by client credentials: no user granted
 * those rights, so by default none ({@code authorization_details} is refused with client
 * credentials); a client's registration may allow entries
 * ({@link ClientMetadata#CLIENT_CREDENTIALS_AUTHORIZATION_DETAILS}), and each requested
 * entry must then lie within one of them: the same type, every parameter the allowed
 * entry constrains constrained at most as widely (a value within its {@code in} list, a
 * {@code min} at least its {@code min}, ...), and {@code fields} within its
 * {@code fields}. An allowed entry that constrains nothing allows any value of its type.
 */
public final class ClientCredentialsPolicy {

	private final ActionCatalog catalog;

	public ClientCredentialsPolicy(ActionCatalog catalog) {
		Assert.notNull(catalog, "catalog cannot be null");
		this.catalog = catalog;
	}

	/**
	 * Checks requested entries against the client's policy.
	 * @param client the client
	 * @param requested the canonical entries a client-credentials token request asks for
	 * @throws InvalidAuthorizationDetailsException naming the first entry outside the
	 * policy
	 */
	public void check(RegisteredClient client, List<AuthorizationDetail> requested) {
		if (requested.isEmpty()) {
			return;
		}
		String policy = ClientMetadata.clientCredentialsAuthorizationDetails(client);
		if (policy == null) {
			throw new InvalidAuthorizationDetailsException("client " + client.getClientId()
					+ " may not carry authorization_details by client credentials: a user grants them at the "
					+ "authorization endpoint, or the client's registration allows them");
		}
		List<AuthorizationDetail> allowed = read(policy);
		for (int i = 0; i < requested.size(); i++) {
			AuthorizationDetail entry = requested.get(i);
			if (allowed.stream().noneMatch((candidate) -> within(entry, candidate))) {
				throw new InvalidAuthorizationDetailsException("authorization_details[" + i + "] is wider than client "
						+ client.getClientId() + " may carry by client credentials: " + policy);
			}
		}
	}

	/**
	 * Reads a policy: a JSON array of entries of catalog types, each with optional
	 * {@code parameters} (values or operator constraints the catalog allows) and
	 * {@code fields}.
	 * @param policy the JSON text
	 * @return the canonical entries
	 * @throws InvalidAuthorizationDetailsException naming what is wrong
	 */
	public List<AuthorizationDetail> read(String policy) {
		JsonNode entries;
		try {
			entries = StrictJson.read(policy);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidAuthorizationDetailsException(Messages.of(ex));
		}
		if (entries == null || !entries.isArray() || entries.isEmpty()) {
			throw new InvalidAuthorizationDetailsException("must be a non-empty JSON array of entries");
		}
		List<AuthorizationDetail> result = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			JsonNode entry = entries.get(i);
			JsonNode type = entry.get(AuthorizationDetail.TYPE);
			ActionType actionType = (type != null && type.isString()) ? this.catalog.find(type.asString()) : null;
			if (actionType == null) {
				throw new InvalidAuthorizationDetailsException("[" + i + "] must name a type of the action catalog");
			}
			result.add(entry(actionType, entry, i));
		}
		return Collections.unmodifiableList(result);
	}

	private static AuthorizationDetail entry(ActionType type, JsonNode entry, int index) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		JsonNode given = entry.get(AuthorizationDetail.PARAMETERS);
		if (given != null) {
			if (!given.isObject()) {
				throw new InvalidAuthorizationDetailsException("[" + index + "].parameters must be an object");
			}
			for (Map.Entry<String, JsonNode> parameter : given.properties()) {
				ParameterSpec spec = type.parameters().get(parameter.getKey());
				if (spec == null) {
					throw new InvalidAuthorizationDetailsException(
							"[" + index + "]: '" + parameter.getKey() + "' is not a parameter of " + type.name());
				}
				parameters.put(parameter.getKey(), spec.checkConstraint(parameter.getValue()));
			}
		}
		List<String> fields = null;
		JsonNode givenFields = entry.get(AuthorizationDetail.FIELDS);
		if (givenFields != null) {
			fields = new ArrayList<>();
			for (JsonNode field : givenFields) {
				if (!field.isString() || !type.fields().contains(field.asString())) {
					throw new InvalidAuthorizationDetailsException(
							"[" + index + "].fields may only name " + type.fields());
				}
				fields.add(field.asString());
			}
		}
		for (Iterator<String> names = entry.propertyNames().iterator(); names.hasNext();) {
			String name = names.next();
			if (!Set.of(AuthorizationDetail.TYPE, AuthorizationDetail.PARAMETERS, AuthorizationDetail.FIELDS)
				.contains(name)) {
				throw new InvalidAuthorizationDetailsException(
						"[" + index + "]: member '" + name + "' is not supported");
			}
		}
		return new AuthorizationDetail(type.name(), parameters, fields);
	}

	/**
	 * Whether every request a requested entry admits, the allowed entry admits too.
	 * @param requested the entry asked for
	 * @param allowed the entry the client may be given
	 * @return whether the allowed entry admits all the requested one does
	 */
	static boolean within(AuthorizationDetail requested, AuthorizationDetail allowed) {
		if (!requested.type().equals(allowed.type())) {
			return false;
		}
		for (Map.Entry<String, Object> constraint : allowed.parameters().entrySet()) {
			Object asked = requested.parameters().get(constraint.getKey());
			if (asked == null || !within(asked, constraint.getValue())) {
				return false;
			}
		}
		if (allowed.fields() != null) {
			return requested.fields() != null && allowed.fields().containsAll(requested.fields());
		}
		return true;
	}

	/**
	 * Whether every value a requested constraint admits, an allowed constraint admits:
	 * both are canonical, a value or a one-entry map from operator to operand.
	 * @param requested the requested constraint
	 * @param allowed the allowed constraint
	 * @return whether the allowed constraint admits every value of the requested one
	 */
	private static boolean within(Object requested, Object allowed) {
		return Constraint.fromCanonical(requested).within(Constraint.fromCanonical(allowed));
	}

}
