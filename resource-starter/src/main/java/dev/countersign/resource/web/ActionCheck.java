package dev.countersign.resource.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * One request's check by {@link ActionApprovalFilter}: when it started, and the events
 * that say how it ended ({@link ActionCheckEvent}, and Spring Security's
 * {@code AuthorizationDeniedEvent} for a denial of access).
 */
final class ActionCheck {

	private final HttpServletRequest request;

	private final ActionBinding binding;

	private final ApplicationEventPublisher events;

	private final AuthorizationEventPublisher authorizationEvents;

	private final long start = System.nanoTime();

	ActionCheck(HttpServletRequest request, ActionBinding binding, ApplicationEventPublisher events,
			AuthorizationEventPublisher authorizationEvents) {
		this.request = request;
		this.binding = binding;
		this.events = events;
		this.authorizationEvents = authorizationEvents;
	}

	HttpServletRequest request() {
		return this.request;
	}

	void accepted(@Nullable String subject, @Nullable String jti) {
		this.events.publishEvent(new ActionCheckEvent.Accepted(this.request, this.binding.type(), this.binding.mode(),
				subject, elapsed(), jti));
	}

	/**
	 * Records a refusal: its event, and the mark by which the chain's default handlers
	 * know the request as Countersign's refusal.
	 * @param subject the subject
	 * @param error the error
	 * @param description the description
	 * @param jti the action token's {@code jti}, or {@code null}
	 * @param failedCheck the action token's failed check, or {@code null}
	 */
	void refused(@Nullable String subject, String error, String description, @Nullable String jti,
			@Nullable String failedCheck) {
		this.events.publishEvent(new ActionCheckEvent.Refused(this.request, this.binding.type(), this.binding.mode(),
				subject, elapsed(), error, description, jti, failedCheck));
		this.request.setAttribute(ActionApprovalFilter.REFUSED_ATTRIBUTE, error);
	}

	/**
	 * Records a denial of access and makes the exception that carries it to the chain's
	 * access-denied handler.
	 * @param base the base token's authentication
	 * @param error the error
	 * @param description the description
	 * @param details the {@code authorization_details} the request needs, or {@code null}
	 * @param jti the action token's {@code jti}, or {@code null}
	 * @param failedCheck the action token's failed check, or {@code null}
	 * @return the action access denied exception
	 */
	ActionAccessDeniedException denied(JwtAuthenticationToken base, String error, String description,
			@Nullable List<Map<String, Object>> details, @Nullable String jti, @Nullable String failedCheck) {
		refused(base.getToken().getSubject(), error, description, jti, failedCheck);
		this.authorizationEvents.publishAuthorizationEvent(() -> base, this.request, new AuthorizationDecision(false));
		return new ActionAccessDeniedException(error, description, details);
	}

	private Duration elapsed() {
		return Duration.ofNanos(System.nanoTime() - this.start);
	}

}
