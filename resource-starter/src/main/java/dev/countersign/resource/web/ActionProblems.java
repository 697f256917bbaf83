package dev.countersign.resource.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import dev.countersign.core.problem.BearerChallenge;
import dev.countersign.core.problem.Problem;

/**
 * Writes every answer of a refused bound route in one place: an RFC 9457 problem with the
 * OAuth members {@code error} and {@code error_description}, and a
 * {@code WWW-Authenticate} challenge in the style of RFC 9470 naming the same error and,
 * when known, the protected resource metadata (RFC 9728 section 5.1
 * {@code resource_metadata}). The answers that send the client to the authorization
 * server ({@code approval_required}, {@code insufficient_authorization}) name it:
 * {@code issuer}, and for an approval its {@code approval_endpoint}, so a client whose
 * base token came from another issuer still finds where to ask.
 */
final class ActionProblems {

	/** No {@code Action-Token} on a {@code jit} route. */
	static final String APPROVAL_REQUIRED = "approval_required";

	/** An action token failed a check. */
	static final String INVALID_ACTION_TOKEN = "invalid_action_token";

	/** No granted detail admits a {@code grant} route's request. */
	static final String INSUFFICIENT_AUTHORIZATION = "insufficient_authorization";

	/** The replay store did not answer. */
	static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

	private final @Nullable String resourceMetadata;

	private final @Nullable String issuer;

	private final @Nullable String approvalEndpoint;

	ActionProblems(@Nullable String resourceMetadata, @Nullable String issuer, @Nullable String approvalEndpoint) {
		this.resourceMetadata = resourceMetadata;
		this.issuer = issuer;
		this.approvalEndpoint = approvalEndpoint;
	}

	/**
	 * Writes a transaction authorization challenge
	 * (draft-rosomakho-oauth-txn-challenge-00 section 3.2): {@code 401},
	 * {@code WWW-Authenticate: Bearer} with
	 * {@code error="transaction_authorization_required"} and the signed
	 * {@code transaction_challenge}, and the problem with the same members.
	 * @param response the response
	 * @param challenge the signed challenge
	 * @param description the description
	 * @param authorizationDetails what the call needs
	 * @throws IOException when the response cannot be written
	 */
	void writeChallenge(HttpServletResponse response, String challenge, String description,
			List<Map<String, Object>> authorizationDetails) throws IOException {
		String error = ActionApprovalFilter.TRANSACTION_AUTHORIZATION_REQUIRED;
		Problem problem = Problem.of(401, "Unauthorized", description)
			.withError(error)
			.with("transaction_challenge", challenge)
			.with("authorization_details", authorizationDetails);
		if (this.issuer != null) {
			problem = problem.with("issuer", this.issuer);
		}
		send(response, 401,
				BearerChallenge.bearer()
					.parameter("error", error)
					.parameter("error_description", description)
					.parameter("transaction_challenge", challenge),
				problem);
	}

	private void send(HttpServletResponse response, int status, BearerChallenge challenge, Problem problem)
			throws IOException {
		response.setStatus(status);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				challenge.parameter("resource_metadata", this.resourceMetadata).toString());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(problem.toJson());
	}

	void write(HttpServletResponse response, HttpStatus status, String error, String description,
			@Nullable List<Map<String, Object>> authorizationDetails) throws IOException {
		Problem problem = Problem.of(status.value(), status.getReasonPhrase(), description).withError(error);
		if (authorizationDetails != null) {
			problem = problem.with("authorization_details", authorizationDetails);
		}
		boolean toServer = APPROVAL_REQUIRED.equals(error) || INSUFFICIENT_AUTHORIZATION.equals(error);
		if (toServer && this.issuer != null) {
			problem = problem.with("issuer", this.issuer);
		}
		if (APPROVAL_REQUIRED.equals(error) && this.approvalEndpoint != null) {
			problem = problem.with("approval_endpoint", this.approvalEndpoint);
		}
		send(response, status.value(),
				BearerChallenge.bearer().parameter("error", error).parameter("error_description", description),
				problem);
	}

}
