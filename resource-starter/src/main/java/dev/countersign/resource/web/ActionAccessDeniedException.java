package dev.countersign.resource.web;

import java.io.Serial;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;

/**
 * A request of a bound route that Countersign refused: no action token on a {@code jit}
 * route ({@code approval_required}), an action token that failed a check
 * ({@code invalid_action_token}), or no granted detail admitting a {@code grant} route's
 * request ({@code insufficient_authorization}). Thrown into Spring Security's exception
 * handling, so the chain's {@code AccessDeniedHandler} answers it;
 * {@link ActionAccessDeniedHandler} writes SPEC's problem when the application sets none.
 */
public final class ActionAccessDeniedException extends AccessDeniedException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String error;

	private final transient @Nullable List<Map<String, Object>> authorizationDetails;

	ActionAccessDeniedException(String error, String description,
			@Nullable List<Map<String, Object>> authorizationDetails) {
		super(description);
		this.error = error;
		this.authorizationDetails = authorizationDetails;
	}

	/**
	 * The OAuth-style error code.
	 * @return {@code approval_required}, {@code invalid_action_token} or
	 * {@code insufficient_authorization}
	 */
	public String getError() {
		return this.error;
	}

	/**
	 * The {@code authorization_details} the request needs, for the refusals that send the
	 * client to ask for them.
	 * @return the details, or {@code null}
	 */
	public @Nullable List<Map<String, Object>> getAuthorizationDetails() {
		return this.authorizationDetails;
	}

}
