package dev.countersign.authz.rar;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;

import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.ActionType;
import dev.countersign.authz.catalog.InvalidAuthorizationDetailsException;
import dev.countersign.core.AuthorizationDetail;
import dev.countersign.core.StrictJson;

/**
 * Reads the {@code authorization_details} request parameter
 * (<a href="https://www.rfc-editor.org/rfc/rfc9396#section-2">RFC 9396 section 2</a>) of
 * a grant request and checks every entry against the action catalog and the client's
 * registered {@code authorization_details_types}. The same rules hold at the
 * authorization endpoint, the pushed authorization request endpoint and the token
 * endpoint.
 */
public final class RequestedAuthorizationDetails {

	/** The request parameter. */
	public static final String PARAMETER_NAME = "authorization_details";

	/** The most entries one request may hold. */
	public static final int MAX_ENTRIES = 20;

	/** The longest parameter value, in characters. */
	public static final int MAX_LENGTH = 8 * 1024;

	/** How many checked parameters are kept, most recently used first. */
	private static final int CHECKED_KEPT = 128;

	private final ActionCatalog catalog;

	/**
	 * The parameters checked lately: one code flow reads the same
	 * {@code authorization_details} at the authorization request, the consent
	 * requirement, the consent, the token and its response; the check is pure, so it is
	 * done once and its result reused.
	 */
	private final Map<Checked, List<AuthorizationDetail>> checked = Collections
		.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<Checked, List<AuthorizationDetail>> eldest) {
				return size() > CHECKED_KEPT;
			}

		});

	public RequestedAuthorizationDetails(ActionCatalog catalog) {
		Assert.notNull(catalog, "catalog cannot be null");
		this.catalog = catalog;
	}

	/**
	 * Checks a request parameter's value, as Spring Authorization Server's converters
	 * keep it in a request's additional parameters.
	 * @param value the value: absent, one string, or several strings when the parameter
	 * was repeated
	 * @param allowedTypes the types the client may ask for
	 * @return the canonical entries in request order; empty when the parameter is absent
	 * @throws InvalidAuthorizationDetailsException naming what is wrong
	 */
	public List<AuthorizationDetail> check(@Nullable Object value, Set<String> allowedTypes) {
		if (value == null) {
			return List.of();
		}
		if (!(value instanceof String text)) {
			throw new InvalidAuthorizationDetailsException("authorization_details must be given once");
		}
		if (text.length() > MAX_LENGTH) {
			throw new InvalidAuthorizationDetailsException(
					"authorization_details must be at most " + MAX_LENGTH + " characters long");
		}
		Checked key = new Checked(text, Set.copyOf(allowedTypes));
		List<AuthorizationDetail> known = this.checked.get(key);
		if (known != null) {
			return known;
		}
		JsonNode details;
		try {
			details = StrictJson.read(text);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidAuthorizationDetailsException("authorization_details is not JSON: " + ex.getMessage());
		}
		List<AuthorizationDetail> result = check(details, allowedTypes);
		this.checked.put(key, result);
		return result;
	}

	/**
	 * Checks a parsed {@code authorization_details} array.
	 * @param details the JSON value
	 * @param allowedTypes the types the client may ask for
	 * @return the canonical entries in request order
	 * @throws InvalidAuthorizationDetailsException naming what is wrong
	 */
	public List<AuthorizationDetail> check(JsonNode details, Set<String> allowedTypes) {
		if (!details.isArray()) {
			throw new InvalidAuthorizationDetailsException("authorization_details must be a JSON array");
		}
		if (details.isEmpty() || details.size() > MAX_ENTRIES) {
			throw new InvalidAuthorizationDetailsException(
					"authorization_details must hold 1 to " + MAX_ENTRIES + " entries, not " + details.size());
		}
		List<AuthorizationDetail> result = new ArrayList<>();
		for (int i = 0; i < details.size(); i++) {
			JsonNode entry = details.get(i);
			String where = "authorization_details[" + i + "]";
			if (!entry.isObject()) {
				throw new InvalidAuthorizationDetailsException(where + " must be an object");
			}
			JsonNode type = entry.get(AuthorizationDetail.TYPE);
			if (type == null || !type.isString()) {
				throw new InvalidAuthorizationDetailsException(where + ".type is required");
			}
			ActionType actionType = this.catalog.find(type.asString());
			if (actionType == null) {
				throw new InvalidAuthorizationDetailsException(
						where + ": type '" + type.asString() + "' is not in the action catalog");
			}
			if (!allowedTypes.contains(actionType.name())) {
				throw new InvalidAuthorizationDetailsException(
						where + ": the client is not registered for type '" + actionType.name() + "'");
			}
			AuthorizationDetail detail;
			try {
				detail = actionType.checkGrant(entry);
			}
			catch (InvalidAuthorizationDetailsException ex) {
				throw new InvalidAuthorizationDetailsException(where + ": " + ex.getMessage());
			}
			int earlier = result.indexOf(detail);
			if (earlier >= 0) {
				throw new InvalidAuthorizationDetailsException(
						where + " repeats authorization_details[" + earlier + "]");
			}
			result.add(detail);
		}
		return Collections.unmodifiableList(result);
	}

	private record Checked(String text, Set<String> allowedTypes) {
	}

}
