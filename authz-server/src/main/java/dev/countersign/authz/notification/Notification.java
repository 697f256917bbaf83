package dev.countersign.authz.notification;

/**
 * One notification of the outbox, as the worker claims it.
 *
 * @param id the outbox row
 * @param channel the channel that delivers it
 * @param approvalId the approval it is about
 * @param recipient where it goes: the webhook URL, the e-mail address, the client's
 * notification endpoint
 * @param payload what it says, as JSON
 * @param attempts how many deliveries failed before
 */
public record Notification(long id, NotificationChannel.Kind channel, String approvalId, String recipient,
		String payload, int attempts) {

	@Override
	public String toString() {
		// the payload of a ping holds the client's bearer token: never shown
		return "Notification[" + this.id + ", " + this.channel.value() + ", approval " + this.approvalId + "]";
	}

}
