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

import dev.countersign.authz.approval.authentication.ApprovalError;
import dev.countersign.authz.approval.authentication.ApprovalRejectionAuthenticationToken;
import dev.countersign.core.Endpoints;

/**
 * Reads {@code POST /approvals/rejections}: {@code {"jti": "...", "check": "...",
 * "description": "..."}}, a check in lower-case letters and a description of at most 200
 * characters of plain text.
 */
public final class ApprovalRejectionAuthenticationConverter implements AuthenticationConverter {

	private static final String USAGE = "the body must be {\"jti\": \"...\", \"check\": \"...\", \"description\": \"...\"}, "
			+ "a check in lower-case letters, a description of at most 200 characters";

	private final RequestMatcher matcher = PathPatternRequestMatcher.withDefaults()
		.matcher(HttpMethod.POST, Endpoints.REJECTIONS);

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		if (!this.matcher.matches(request)) {
			return null;
		}
		Authentication caller = Callers.current();
		JsonNode body = JsonRequestBody.read(request, Set.of("jti", "check", "description"), USAGE);
		JsonNode jti = body.get("jti");
		JsonNode check = body.get("check");
		JsonNode description = body.get("description");
		if (!JsonRequestBody.isText(jti, 64) || !JsonRequestBody.isText(check, 32)
				|| !check.asString().matches("[a-z_]+") || !JsonRequestBody.isText(description, 200)) {
			throw ApprovalError.badRequest("invalid_request", USAGE);
		}
		return new ApprovalRejectionAuthenticationToken(caller, jti.asString(), check.asString(),
				description.asString());
	}

}
