package dev.countersign.authz.approval.web.authentication;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.countersign.authz.approval.authentication.ApprovalError;
import dev.countersign.authz.approval.authentication.TransactionAuthorizationPollAuthenticationToken;
import dev.countersign.authz.approval.authentication.TransactionChallengeAuthenticationToken;
import dev.countersign.core.Endpoints;

/**
 * Reads the transaction authorization endpoint's requests
 * (draft-rosomakho-oauth-txn-challenge-00 sections 4.1 and 4.3): form-encoded, of a
 * client the client authentication filter authenticated, with exactly one of
 * {@code transaction_challenge} (a request) and {@code transaction_authorization_id} (a
 * poll), given once.
 */
public final class TransactionAuthorizationRequestConverter implements AuthenticationConverter {

	private final RequestMatcher matcher = PathPatternRequestMatcher.withDefaults()
		.matcher(HttpMethod.POST, Endpoints.TRANSACTION_AUTHORIZATION);

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		if (!this.matcher.matches(request)) {
			return null;
		}
		OAuth2ClientAuthenticationToken client = Callers.formClient(request,
				"draft-rosomakho-oauth-txn-challenge-00 section 4.1");
		String challenge = single(request, "transaction_challenge");
		String id = single(request, "transaction_authorization_id");
		if ((challenge == null) == (id == null)) {
			throw ApprovalError.badRequest("invalid_request",
					"give exactly one of transaction_challenge and transaction_authorization_id");
		}
		return (challenge != null) ? new TransactionChallengeAuthenticationToken(client, challenge)
				: new TransactionAuthorizationPollAuthenticationToken(client, java.util.Objects.requireNonNull(id));
	}

	private static @Nullable String single(HttpServletRequest request, String name) {
		String[] values = request.getParameterValues(name);
		if (values == null) {
			return null;
		}
		if (values.length != 1 || values[0].isBlank()) {
			throw ApprovalError.badRequest("invalid_request", name + " must be given once");
		}
		return values[0];
	}

}
