package dev.countersign.authz.notification;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ApprovalStepListener;
import dev.countersign.authz.approval.BackchannelRequest;
import dev.countersign.authz.approval.BackchannelRequests;
import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.ActionType;
import dev.countersign.authz.token.ClientMetadata;
import dev.countersign.core.StrictJson;

/**
 * Writes the notifications of approval steps to the outbox, inside the step's own
 * transaction: for every new approval ({@code requested}, whatever its origin) the
 * deployment's webhook and an e-mail to the user when both are configured and an address
 * is known; for the decision of a ping-mode CIBA request ({@code approved},
 * {@code denied}) the client's ping. After the transaction commits, the worker is woken.
 */
public final class ApprovalNotifier implements ApprovalStepListener {

	private final NotificationOutbox outbox;

	private final SubjectEmails emails;

	private final BackchannelRequests backchannel;

	private final RegisteredClientRepository clients;

	private final ActionCatalog catalog;

	private final NotificationSettings settings;

	private final String issuer;

	private final Runnable wake;

	/**
	 * Creates the notifier.
	 * @param outbox the outbox
	 * @param emails the users' addresses
	 * @param backchannel the CIBA requests
	 * @param clients the clients
	 * @param catalog the catalog, for the display text
	 * @param settings the channels
	 * @param issuer this server's issuer identifier, for the approval links
	 * @param wake wakes the worker once a transaction with notifications committed
	 */
	public ApprovalNotifier(NotificationOutbox outbox, SubjectEmails emails, BackchannelRequests backchannel,
			RegisteredClientRepository clients, ActionCatalog catalog, NotificationSettings settings, String issuer,
			Runnable wake) {
		Assert.notNull(outbox, "outbox cannot be null");
		Assert.notNull(emails, "emails cannot be null");
		Assert.notNull(backchannel, "backchannel cannot be null");
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(catalog, "catalog cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		Assert.hasText(issuer, "issuer cannot be empty");
		Assert.notNull(wake, "wake cannot be null");
		this.outbox = outbox;
		this.emails = emails;
		this.backchannel = backchannel;
		this.clients = clients;
		this.catalog = catalog;
		this.settings = settings;
		this.issuer = issuer;
		this.wake = wake;
	}

	@Override
	public void recorded(String event, ActionApproval approval) {
		boolean queued = switch (event) {
			case "requested" -> requested(approval);
			case "approved", "denied" -> decided(approval);
			default -> false;
		};
		if (queued && TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					ApprovalNotifier.this.wake.run();
				}
			});
		}
	}

	private boolean requested(ActionApproval approval) {
		Instant now = approval.createdAt();
		boolean queued = false;
		String webhook = this.settings.webhookUrl();
		if (webhook != null) {
			this.outbox.enqueue(NotificationChannel.Kind.WEBHOOK, approval.id(), webhook,
					StrictJson.write(describe(approval)), now);
			queued = true;
		}
		if (this.settings.email()) {
			String address = this.emails.find(approval.qualifiedSubject());
			if (address != null) {
				this.outbox.enqueue(NotificationChannel.Kind.EMAIL, approval.id(), address,
						StrictJson.write(describe(approval)), now);
				queued = true;
			}
		}
		return queued;
	}

	private boolean decided(ActionApproval approval) {
		BackchannelRequest request = this.backchannel.findByApproval(approval.id());
		if (request == null || !request.ping() || request.clientNotificationToken() == null) {
			return false;
		}
		RegisteredClient client = this.clients.findByClientId(request.clientId());
		String endpoint = (client != null) ? ClientMetadata.backchannelClientNotificationEndpoint(client) : null;
		if (endpoint == null) {
			return false;
		}
		Map<String, Object> ping = new LinkedHashMap<>();
		ping.put("auth_req_id", request.authReqId());
		ping.put("client_notification_token", request.clientNotificationToken());
		Instant decidedAt = (approval.decidedAt() != null) ? approval.decidedAt() : approval.createdAt();
		this.outbox.enqueue(NotificationChannel.Kind.PING, approval.id(), endpoint, StrictJson.write(ping), decidedAt);
		return true;
	}

	/**
	 * What the user is told of a new approval: never its number, never a token.
	 * @param approval the approval
	 * @return the members
	 */
	private Map<String, Object> describe(ActionApproval approval) {
		ActionType type = this.catalog.find(approval.actionType());
		RegisteredClient client = this.clients.findByClientId(approval.clientId());
		Map<String, Object> members = new LinkedHashMap<>();
		members.put("approval_id", approval.id());
		members.put("sub", approval.qualifiedSubject());
		members.put("client_id", approval.clientId());
		members.put("client_name", (client != null) ? client.getClientName() : approval.clientId());
		members.put("type", approval.actionType());
		members.put("display_text", (type != null) ? type.displayText(approval.detail()) : approval.actionType());
		if (approval.bindingMessage() != null) {
			members.put("binding_message", approval.bindingMessage());
		}
		members.put("approval_uri", this.issuer + "/approve/" + approval.id());
		members.put("expires_at", approval.expiresAt().getEpochSecond());
		return members;
	}

}
