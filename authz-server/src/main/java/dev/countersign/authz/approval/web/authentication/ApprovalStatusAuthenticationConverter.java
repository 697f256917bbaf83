package dev.countersign.authz.approval.web.authentication;

import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.countersign.authz.approval.authentication.ApprovalStatusAuthenticationToken;
import dev.countersign.core.Endpoints;

/**
 * Reads {@code GET /approvals/{id}}.
 */
public final class ApprovalStatusAuthenticationConverter implements AuthenticationConverter {

	private final RequestMatcher matcher = PathPatternRequestMatcher.withDefaults()
		.matcher(HttpMethod.GET, Endpoints.APPROVAL);

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		RequestMatcher.MatchResult match = this.matcher.matcher(request);
		if (!match.isMatch()) {
			return null;
		}
		return new ApprovalStatusAuthenticationToken(Callers.current(),
				Objects.requireNonNull(match.getVariables().get("id")));
	}

}
