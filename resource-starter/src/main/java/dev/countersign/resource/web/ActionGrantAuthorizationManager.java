package dev.countersign.resource.web;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.AuthorizationDetail;
import dev.countersign.core.ClaimNames;
import dev.countersign.core.ParameterSchema;
import dev.countersign.core.StrictJson;
import dev.countersign.resource.validation.ParameterMatching;

/**
 * The decision of a {@code grant} route (query-level approval, RFC 9396): granted when
 * some entry of the base token's {@code authorization_details} of the route's type admits
 * the request. An entry admits it when every bound parameter has a constraint that admits
 * the request's value, the entry constrains no parameter the route cannot check, and the
 * body stays within the entry's {@code fields}.
 * <p>
 * The request's bound values are those {@link ActionApprovalFilter} read and checked
 * against the catalog; a request it has not read is denied, as is any authentication but
 * a bearer token's.
 */
public final class ActionGrantAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

	@Override
	public AuthorizationResult authorize(Supplier<? extends @Nullable Authentication> authentication,
			RequestAuthorizationContext context) {
		Object bound = context.getRequest().getAttribute(ActionRequest.ATTRIBUTE);
		if (!(bound instanceof ActionRequest request)
				|| !(authentication.get() instanceof JwtAuthenticationToken base)) {
			return new AuthorizationDecision(false);
		}
		for (JsonNode entry : grantedDetails(base.getToken())) {
			JsonNode type = entry.get(AuthorizationDetail.TYPE);
			if (type != null && type.isString() && type.asString().equals(request.binding().type())
					&& admits(entry, request)) {
				return new AuthorizationDecision(true);
			}
		}
		return new AuthorizationDecision(false);
	}

	private static boolean admits(JsonNode entry, ActionRequest request) {
		JsonNode constraints = entry.get(AuthorizationDetail.PARAMETERS);
		if (constraints == null || !constraints.isObject()) {
			return false;
		}
		ActionBinding binding = request.binding();
		for (String constrained : constraints.propertyNames()) {
			if (!binding.parameters().containsKey(constrained)) {
				return false;
			}
		}
		for (String name : binding.parameters().keySet()) {
			JsonNode constraint = constraints.get(name);
			Object requested = request.values().get(name);
			ParameterSchema parameter = request.schema().parameters().get(name);
			if (constraint == null || requested == null || parameter == null
					|| !ParameterMatching.admits(parameter, constraint, requested)) {
				return false;
			}
		}
		List<String> allowed = AuthorizationDetail.fieldsOf(entry);
		return (allowed == null) || request.bodyWithin(allowed);
	}

	/**
	 * The base token's granted {@code authorization_details}, read again from the signed
	 * payload so decimals keep their exact value; from the decoded claims when the
	 * token's text is no JWS that can be read.
	 * @param base the base token
	 * @return the granted entries, none when it carries none
	 */
	private static List<JsonNode> grantedDetails(Jwt base) {
		JsonNode details;
		try {
			details = StrictJson.read(SignedJWT.parse(base.getTokenValue()).getPayload().toString())
				.get(ClaimNames.AUTHORIZATION_DETAILS);
		}
		catch (ParseException | IllegalArgumentException ex) {
			Object claim = base.getClaim(ClaimNames.AUTHORIZATION_DETAILS);
			details = (claim != null) ? StrictJson.toTree(claim) : null;
		}
		List<JsonNode> entries = new ArrayList<>();
		if (details != null && details.isArray()) {
			details.forEach(entries::add);
		}
		return entries;
	}

}
