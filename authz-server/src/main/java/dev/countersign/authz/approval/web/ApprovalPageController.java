package dev.countersign.authz.approval.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ActionApprovalService;
import dev.countersign.authz.approval.ApprovalPageException;
import dev.countersign.authz.approval.ApprovalStatus;
import dev.countersign.authz.approval.ApprovalUser;
import dev.countersign.authz.approval.FreshLoginRequiredException;
import dev.countersign.authz.catalog.ActionType;
import dev.countersign.authz.federation.TrustedIssuer;
import dev.countersign.authz.federation.TrustedIssuers;
import dev.countersign.authz.web.ErrorPages;
import dev.countersign.core.Messages;

/**
 * The approval page, {@code GET /approve/{id}}: the client's name, the action in words,
 * every parameter, the expiry; the user first picks the number the client shows (number
 * matching against prompt bombing), then approves or denies. Works without JavaScript;
 * CSRF-protected and not frameable by the page filter chain; only the approval's subject
 * may decide.
 */
@Controller
final class ApprovalPageController {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final ActionApprovalService approvals;

	private final RegisteredClientRepository clients;

	private final java.time.Clock clock;

	private final TrustedIssuers trustedIssuers;

	ApprovalPageController(ActionApprovalService approvals, RegisteredClientRepository clients, java.time.Clock clock,
			TrustedIssuers trustedIssuers) {
		this.approvals = approvals;
		this.clients = clients;
		this.clock = clock;
		this.trustedIssuers = trustedIssuers;
	}

	@GetMapping("/approve/{id}")
	String page(@PathVariable String id, Authentication authentication, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		ApprovalUser user = user(authentication, this.trustedIssuers);
		ActionApproval approval = this.approvals.forUser(id, user);
		if (approval.status() == ApprovalStatus.PENDING && this.approvals.needsFreshLogin(approval, user)) {
			refuseUnconfirmedFreshSignIn(authentication, user);
			return signInAgain(id, authentication, request, response);
		}
		describe(this.approvals.show(id, user), model);
		return "approve";
	}

	@PostMapping("/approve/{id}/number")
	String number(@PathVariable String id, Authentication authentication, HttpServletRequest request) {
		this.approvals.pickNumber(id, user(authentication, this.trustedIssuers), singleParameter(request, "number"));
		return "redirect:/approve/" + id;
	}

	@PostMapping("/approve/{id}/decision")
	String decision(@PathVariable String id, Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) {
		String decision = singleParameter(request, "decision");
		if (!decision.equals("approve") && !decision.equals("deny")) {
			throw new ApprovalPageException(HttpStatus.BAD_REQUEST, "decision must be approve or deny");
		}
		try {
			this.approvals.decide(id, user(authentication, this.trustedIssuers), decision.equals("approve"));
		}
		catch (FreshLoginRequiredException ex) {
			refuseUnconfirmedFreshSignIn(authentication, user(authentication, this.trustedIssuers));
			return signInAgain(id, authentication, request, response);
		}
		return "redirect:/approve/" + id;
	}

	@ExceptionHandler(ApprovalPageException.class)
	ModelAndView refused(ApprovalPageException ex) {
		return ErrorPages.view(ex.getStatus(), Messages.of(ex));
	}

	private void describe(ActionApproval approval, Model model) {
		RegisteredClient client = this.clients.findByClientId(approval.clientId());
		model.addAttribute("approval", approval);
		model.addAttribute("status", approval.status().value());
		model.addAttribute("clientName", (client != null) ? client.getClientName() : approval.clientId());
		model.addAttribute("actionName", displayName(approval));
		model.addAttribute("displayText", this.approvals.displayText(approval));
		List<String[]> parameters = new ArrayList<>();
		approval.detail()
			.parameters()
			.forEach((name, value) -> parameters.add(new String[] { name, ActionType.displayValue(value) }));
		model.addAttribute("parameters", parameters);
		model.addAttribute("fields", approval.detail().fields());
		model.addAttribute("expiresAt", TIME.format(approval.expiresAt()));
		model.addAttribute("secondsLeft",
				Math.max(0, java.time.Duration.between(this.clock.instant(), approval.expiresAt()).toSeconds()));
		boolean choosing = approval.status() == ApprovalStatus.PENDING && approval.numberMatchedAt() == null;
		model.addAttribute("choosing", choosing);
		model.addAttribute("confirming",
				approval.status() == ApprovalStatus.PENDING && approval.numberMatchedAt() != null);
		if (choosing) {
			model.addAttribute("choices", approval.numberChoices());
		}
		model.addAttribute("failedAttempts", approval.failedAttempts());
	}

	private String displayName(ActionApproval approval) {
		ActionType type = this.approvals.catalog().find(approval.actionType());
		return (type != null) ? type.displayName() : approval.actionType();
	}

	/**
	 * Refuses, rather than asks again, when a trusted issuer has just signed the person
	 * in for this page and still does not confirm a sign-in recent enough (its ID token's
	 * {@code auth_time}, asked for with {@code max_age}): asking again would not change
	 * its answer.
	 * @param authentication the sign-in
	 * @param user the signed-in person
	 */
	private void refuseUnconfirmedFreshSignIn(Authentication authentication, ApprovalUser user) {
		if (user.issuer() != null && authentication.getPrincipal() instanceof OidcUser oidc
				&& oidc.getIdToken().getIssuedAt() != null
				&& oidc.getIdToken().getIssuedAt().isAfter(this.clock.instant().minusSeconds(120))) {
			throw new ApprovalPageException(HttpStatus.FORBIDDEN, "the sign-in at " + user.issuer()
					+ " does not confirm a sign-in as recent as this action needs (its auth_time)");
		}
	}

	/**
	 * Ends the session so that the approval page asks for the password again; Spring
	 * Security brings the user back to the page after the login.
	 * @param id the approval id
	 * @param authentication the signed-in user
	 * @param request the request
	 * @param response the response
	 * @return the redirect to the approval page
	 */
	private static String signInAgain(String id, Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) {
		new SecurityContextLogoutHandler().logout(request, response, authentication);
		return "redirect:/approve/" + id;
	}

	/**
	 * The signed-in person: a user of this server, or a subject of the trusted issuer
	 * they signed in at, named by the entry's subject claim of the ID token, with its
	 * {@code auth_time} and {@code acr}.
	 * @param authentication the sign-in
	 * @param trustedIssuers the trusted issuers
	 * @return the person
	 */
	static ApprovalUser user(Authentication authentication, TrustedIssuers trustedIssuers) {
		if (authentication instanceof OAuth2AuthenticationToken oidc && oidc.getPrincipal() instanceof OidcUser user) {
			TrustedIssuer issuer = trustedIssuers.named(oidc.getAuthorizedClientRegistrationId());
			OidcIdToken idToken = user.getIdToken();
			String subject = (issuer != null) ? idToken.getClaimAsString(issuer.subjectClaim()) : null;
			if (issuer == null || subject == null || idToken.getIssuer() == null
					|| !issuer.issuer().equals(idToken.getIssuer().toString())) {
				throw new ApprovalPageException(HttpStatus.FORBIDDEN,
						"this sign-in does not name a subject of a trusted issuer");
			}
			return new ApprovalUser(subject, idToken.getAuthenticatedAt(), issuer.issuer(),
					idToken.getAuthenticationContextClass());
		}
		return new ApprovalUser(authentication.getName(), authTime(authentication));
	}

	/**
	 * When the user last proved a factor: the newest {@link FactorGrantedAuthority}.
	 * @param authentication the signed-in user
	 * @return when, or {@code null} when no factor says
	 */
	private static @Nullable Instant authTime(Authentication authentication) {
		Instant latest = null;
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			if (authority instanceof FactorGrantedAuthority factor
					&& (latest == null || factor.getIssuedAt().isAfter(latest))) {
				latest = factor.getIssuedAt();
			}
		}
		return latest;
	}

	private static String singleParameter(HttpServletRequest request, String name) {
		String[] values = request.getParameterValues(name);
		if (values == null || values.length != 1 || values[0].isEmpty() || values[0].length() > 16) {
			throw new ApprovalPageException(HttpStatus.BAD_REQUEST, "give " + name + " exactly once");
		}
		return values[0];
	}

}
