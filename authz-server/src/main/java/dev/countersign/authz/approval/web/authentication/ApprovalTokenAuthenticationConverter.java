package dev.countersign.authz.approval.web.authentication;

import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.countersign.authz.approval.authentication.ApprovalTokenAuthenticationToken;
import dev.countersign.core.Endpoints;

/**
 * Reads {@code POST /approvals/{id}/token}; its body, if any, is not read.
 */
public final class ApprovalTokenAuthenticationConverter implements AuthenticationConverter {

	private final RequestMatcher matcher = PathPatternRequestMatcher.withDefaults()
		.matcher(HttpMethod.POST, Endpoints.APPROVAL_TOKEN);

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		RequestMatcher.MatchResult match = this.matcher.matcher(request);
		if (!match.isMatch()) {
			return null;
		}
		return new ApprovalTokenAuthenticationToken(Callers.current(),
				Objects.requireNonNull(match.getVariables().get("id")));
	}

}
