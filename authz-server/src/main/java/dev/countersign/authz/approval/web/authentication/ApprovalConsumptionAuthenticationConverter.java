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

import dev.countersign.authz.approval.authentication.ApprovalConsumptionAuthenticationToken;
import dev.countersign.authz.approval.authentication.ApprovalError;
import dev.countersign.core.Endpoints;

/**
 * Reads {@code POST /approvals/consume}: {@code {"jti": "..."}}.
 */
public final class ApprovalConsumptionAuthenticationConverter implements AuthenticationConverter {

	private static final String USAGE = "the body must be {\"jti\": \"...\"}";

	private final RequestMatcher matcher = PathPatternRequestMatcher.withDefaults()
		.matcher(HttpMethod.POST, Endpoints.CONSUME);

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		if (!this.matcher.matches(request)) {
			return null;
		}
		Authentication caller = Callers.current();
		JsonNode jti = JsonRequestBody.read(request, Set.of("jti"), USAGE).get("jti");
		if (jti == null || !jti.isString() || jti.asString().isBlank() || jti.asString().length() > 64) {
			throw ApprovalError.badRequest("invalid_request", USAGE);
		}
		return new ApprovalConsumptionAuthenticationToken(caller, jti.asString());
	}

}
