package dev.countersign.authz.notification;

/**
 * Delivers one kind of notification. A delivery that throws is retried later with
 * backoff; receivers must therefore tolerate duplicates.
 */
public interface NotificationChannel {

	/**
	 * The kind of notification this channel delivers.
	 * @return the kind
	 */
	Kind kind();

	/**
	 * Delivers a notification.
	 * @param notification the notification
	 * @throws Exception when it was not delivered, naming why
	 */
	void deliver(Notification notification) throws Exception;

	/** The kinds of notification, as the outbox names them. */
	enum Kind {

		/** A signed JWS POSTed to the deployment's webhook. */
		WEBHOOK("webhook"),

		/** An e-mail to the user. */
		EMAIL("email"),

		/** An OpenID CIBA ping to the client's notification endpoint. */
		PING("ping");

		private final String value;

		Kind(String value) {
			this.value = value;
		}

		public String value() {
			return this.value;
		}

		/**
		 * The kind of a stored value.
		 * @param value the value
		 * @return the kind
		 */
		public static Kind of(String value) {
			for (Kind kind : values()) {
				if (kind.value.equals(value)) {
					return kind;
				}
			}
			throw new IllegalArgumentException("unknown notification channel " + value);
		}

	}

}
