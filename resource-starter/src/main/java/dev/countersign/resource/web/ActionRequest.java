package dev.countersign.resource.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.ActionTypeSchema;
import dev.countersign.core.AuthorizationDetail;
import dev.countersign.resource.validation.ActionTypeSchemas;

/**
 * A request of a bound route as the checks see it: its binding, the catalog's schema of
 * the bound type, every bound value read where the controller reads it and already within
 * the schema, and the body, read once.
 *
 * @param binding the route's binding
 * @param schema the catalog's schema of the bound type
 * @param values the bound values, canonical
 * @param body the body, read once
 */
record ActionRequest(ActionBinding binding, ActionTypeSchema schema, Map<String, Object> values,
		BoundRequestBody body) {

	/** The request attribute that holds the {@code ActionRequest} while it is checked. */
	static final String ATTRIBUTE = ActionRequest.class.getName();

	public ActionRequest {
		Assert.notNull(binding, "binding cannot be null");
		Assert.notNull(schema, "schema cannot be null");
		Assert.notNull(values, "values cannot be null");
		Assert.notNull(body, "body cannot be null");
	}

	/**
	 * Reads a request of a bound route: the catalog's schema of its type, the body (once)
	 * and every bound value, checked against the schema.
	 * @param request the request
	 * @param resolved its binding
	 * @param schemas the catalog
	 * @param jsonTypes the media types read as JSON
	 * @param maxBodySize the largest body accepted
	 * @return the request as the checks see it
	 * @throws IOException when the body cannot be read
	 * @throws RequestValues.BindingMismatchException when the catalog does not list the
	 * bound type
	 */
	static ActionRequest read(HttpServletRequest request, ActionBindingResolver.Resolved resolved,
			ActionTypeSchemas schemas, List<MediaType> jsonTypes, int maxBodySize) throws IOException {
		ActionBinding binding = resolved.binding();
		ActionTypeSchema schema = schemas.find(binding.type());
		if (schema == null) {
			throw new RequestValues.BindingMismatchException("the route is bound to " + binding.type()
					+ ", which the authorization server's catalog does not list");
		}
		BoundRequestBody body = BoundRequestBody.read(request, jsonTypes, maxBodySize);
		Map<String, Object> values = RequestValues.extract(binding, schema, resolved.pathVariables(), body.request(),
				body.json());
		return new ActionRequest(binding, schema, values, body);
	}

	/**
	 * The {@code authorization_details} this request needs, so a client can post them to
	 * {@code POST /approvals} unchanged: the request's values in canonical form, each
	 * already within the catalog's limits.
	 * @return one entry of the bound type
	 */
	List<Map<String, Object>> needed() {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put(AuthorizationDetail.TYPE, this.binding.type());
		detail.put(AuthorizationDetail.PARAMETERS, new LinkedHashMap<>(this.values));
		return List.of(detail);
	}

	/**
	 * The request to hand on: the body can be read again.
	 * @return the request
	 */
	public HttpServletRequest request() {
		return this.body.request();
	}

	/**
	 * Whether the body sets only allowed members: no body, or a JSON object whose members
	 * are all in {@code fields}. A form body cannot be limited to fields and is refused.
	 * @param fields the allowed members
	 * @return whether the body stays within them
	 */
	public boolean bodyWithin(List<String> fields) {
		if (this.body.form()) {
			return false;
		}
		JsonNode json = this.body.json();
		if (json == null) {
			return true;
		}
		if (!json.isObject()) {
			return false;
		}
		for (String name : json.propertyNames()) {
			if (!fields.contains(name)) {
				return false;
			}
		}
		return true;
	}

}
