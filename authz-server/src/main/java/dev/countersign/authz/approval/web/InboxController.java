package dev.countersign.authz.approval.web;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ActionApprovalService;
import dev.countersign.authz.federation.TrustedIssuers;

/**
 * The signed-in person's inbox ({@code GET /my/approvals}): their pending approvals of
 * every origin, newest first, each with the client's name, the action's display text, its
 * expiry and a link to its approval page. The page reloads itself every 15 s (a meta
 * refresh: no JavaScript needed).
 */
@Controller
final class InboxController {

	/** Where the inbox is served. */
	static final String PATH = "/my/approvals";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final ActionApprovalService approvals;

	private final RegisteredClientRepository clients;

	private final TrustedIssuers trustedIssuers;

	InboxController(ActionApprovalService approvals, RegisteredClientRepository clients,
			TrustedIssuers trustedIssuers) {
		this.approvals = approvals;
		this.clients = clients;
		this.trustedIssuers = trustedIssuers;
	}

	@GetMapping(PATH)
	String inbox(Authentication authentication, Model model) {
		List<Entry> entries = new ArrayList<>();
		Map<String, String> clientNames = new HashMap<>();
		for (ActionApproval approval : this.approvals
			.inbox(ApprovalPageController.user(authentication, this.trustedIssuers))) {
			String clientName = clientNames.computeIfAbsent(approval.clientId(), this::clientName);
			entries.add(new Entry(approval.id(), clientName, this.approvals.displayText(approval),
					TIME.format(approval.expiresAt())));
		}
		model.addAttribute("entries", entries);
		return "inbox";
	}

	private String clientName(String clientId) {
		RegisteredClient client = this.clients.findByClientId(clientId);
		return (client != null) ? client.getClientName() : clientId;
	}

	/**
	 * One pending approval as the inbox shows it.
	 *
	 * @param id the approval id
	 * @param clientName the asking client's name
	 * @param displayText the action's display text
	 * @param expiresAt when it expires
	 */
	record Entry(String id, String clientName, String displayText, String expiresAt) {
	}

}
