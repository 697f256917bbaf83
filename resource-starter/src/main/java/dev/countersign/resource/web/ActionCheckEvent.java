package dev.countersign.resource.web;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEvent;

/**
 * Published for every request of a bound route: {@link Accepted} when it reached the
 * controller, {@link Refused} when the filter answered. An application adds its own audit
 * by listening to them.
 */
public abstract sealed class ActionCheckEvent extends ApplicationEvent
		permits ActionCheckEvent.Accepted, ActionCheckEvent.Refused {

	private final String actionType;

	private final ActionMode mode;

	private final @Nullable String subject;

	private final Duration duration;

	ActionCheckEvent(Object source, String actionType, ActionMode mode, @Nullable String subject, Duration duration) {
		super(source);
		this.actionType = actionType;
		this.mode = mode;
		this.subject = subject;
		this.duration = duration;
	}

	public String getActionType() {
		return this.actionType;
	}

	public ActionMode getMode() {
		return this.mode;
	}

	/**
	 * The base token's subject.
	 * @return the user, or {@code null} without a bearer token
	 */
	public @Nullable String getSubject() {
		return this.subject;
	}

	/**
	 * How long the check took, replay store included.
	 * @return the duration
	 */
	public Duration getDuration() {
		return this.duration;
	}

	/**
	 * The outcome as a metric tag: {@code accepted} or the refusal's error code.
	 * @return the outcome
	 */
	public abstract String getOutcome();

	/**
	 * The request passed every check.
	 */
	public static final class Accepted extends ActionCheckEvent {

		private final @Nullable String jti;

		public Accepted(Object source, String actionType, ActionMode mode, @Nullable String subject, Duration duration,
				@Nullable String jti) {
			super(source, actionType, mode, subject, duration);
			this.jti = jti;
		}

		/**
		 * The action token spent, for {@code jit} routes.
		 * @return the token id, or {@code null}
		 */
		public @Nullable String getJti() {
			return this.jti;
		}

		@Override
		public String getOutcome() {
			return "accepted";
		}

	}

	/**
	 * The filter refused the request.
	 */
	public static final class Refused extends ActionCheckEvent {

		private final String error;

		private final String description;

		private final @Nullable String jti;

		private final @Nullable String check;

		public Refused(Object source, String actionType, ActionMode mode, @Nullable String subject, Duration duration,
				String error, String description) {
			this(source, actionType, mode, subject, duration, error, description, null, null);
		}

		/**
		 * Create a new {@code Refused}.
		 * @param source the request
		 * @param actionType the route's type
		 * @param mode the route's mode
		 * @param subject the base token's subject
		 * @param duration how long the check took
		 * @param error the error code
		 * @param description the description
		 * @param jti the refused action token's id, when its signature verified
		 * @param check the failed check of an action token
		 */
		public Refused(Object source, String actionType, ActionMode mode, @Nullable String subject, Duration duration,
				String error, String description, @Nullable String jti, @Nullable String check) {
			super(source, actionType, mode, subject, duration);
			this.error = error;
			this.description = description;
			this.jti = jti;
			this.check = check;
		}

		/**
		 * The refused action token's id: set when its signature verified, so it is a
		 * token the authorization server issued.
		 * @return the {@code jti}, or {@code null}
		 */
		public @Nullable String getJti() {
			return this.jti;
		}

		/**
		 * The action token check that failed: {@code sub}, {@code ath},
		 * {@code parameters}, ...
		 * @return the check, or {@code null} for other refusals
		 */
		public @Nullable String getCheck() {
			return this.check;
		}

		public String getError() {
			return this.error;
		}

		public String getDescription() {
			return this.description;
		}

		@Override
		public String getOutcome() {
			return this.error;
		}

	}

}
