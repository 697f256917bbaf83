package dev.countersign.authz.approval.web.authentication;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.JsonNode;

import dev.countersign.authz.approval.BindingMessage;
import dev.countersign.authz.approval.authentication.ApprovalError;
import dev.countersign.authz.approval.authentication.ApprovalRequestAuthenticationToken;
import dev.countersign.core.Endpoints;

/**
 * Reads {@code POST /approvals}: a JSON object with {@code authorization_details} and the
 * optional {@code binding_message} and {@code resource}, nothing else.
 */
public final class ApprovalRequestAuthenticationConverter implements AuthenticationConverter {

	private static final Set<String> MEMBERS = Set.of("authorization_details", "binding_message", "resource");

	private final RequestMatcher matcher = PathPatternRequestMatcher.withDefaults()
		.matcher(HttpMethod.POST, Endpoints.APPROVALS);

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		if (!this.matcher.matches(request)) {
			return null;
		}
		Authentication caller = Callers.current();
		JsonNode body = JsonRequestBody.read(request, MEMBERS,
				"use authorization_details, binding_message and resource");
		JsonNode bindingMessage = body.get("binding_message");
		if (bindingMessage != null && !bindingMessage.isString()) {
			throw ApprovalError.badRequest("invalid_binding_message", BindingMessage.REQUIREMENT);
		}
		JsonNode resource = body.get("resource");
		if (resource != null && !resource.isString()) {
			throw ApprovalError.badRequest("invalid_target", "resource must be a string, the action type's resource");
		}
		return new ApprovalRequestAuthenticationToken(caller, body.get("authorization_details"),
				(bindingMessage != null) ? bindingMessage.asString() : null,
				(resource != null) ? resource.asString() : null);
	}

}
