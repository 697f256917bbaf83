package dev.countersign.authz.notification;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.mail.MailSender;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.StrictJson;

/**
 * E-mails the user of a new approval: what is asked, by which client, until when, and the
 * link to the approval page; never the number to match, never a token. Without an SMTP
 * server ({@code spring.mail.host} unset) the e-mail is one line of the log instead, for
 * development.
 */
public final class EmailChannel implements NotificationChannel {

	private static final Log logger = LogFactory.getLog(EmailChannel.class);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final @Nullable MailSender mail;

	private final String from;

	/**
	 * Creates the channel.
	 * @param mail the SMTP sender, or {@code null} to write the e-mails to the log
	 * @param from the sender address
	 */
	public EmailChannel(@Nullable MailSender mail, String from) {
		Assert.hasText(from, "from cannot be empty");
		this.mail = mail;
		this.from = from;
	}

	@Override
	public Kind kind() {
		return Kind.EMAIL;
	}

	@Override
	public void deliver(Notification notification) {
		JsonNode payload = StrictJson.read(notification.payload());
		String text = payload.get("display_text").asString();
		String link = payload.get("approval_uri").asString();
		if (this.mail == null) {
			logger.info("E-mail to " + notification.recipient() + ": \"" + text + "\", approve at " + link);
			return;
		}
		String client = payload.get("client_name").asString();
		JsonNode binding = payload.get("binding_message");
		StringBuilder body = new StringBuilder();
		body.append(client).append(" asks for your approval:\n\n    ").append(text).append("\n\n");
		if (binding != null) {
			body.append("It says: ").append(binding.asString()).append("\n\n");
		}
		body.append("Open the approval page to approve or deny it:\n\n    ").append(link).append("\n\n");
		body.append("You will be asked to pick the number ").append(client).append(" shows you.\n");
		body.append("The request expires at ")
			.append(TIME.format(Instant.ofEpochSecond(payload.get("expires_at").asLong())))
			.append(".\nIf you did not expect it, deny it.\n");
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.from);
		message.setTo(notification.recipient());
		message.setSubject("Approval requested: " + oneLine(text));
		message.setText(body.toString());
		this.mail.send(message);
	}

	private static String oneLine(String text) {
		String line = text.replaceAll("[\\r\\n\\t]", " ");
		return (line.length() > 120) ? line.substring(0, 117) + "..." : line;
	}

}
