package dev.countersign.authz.rar;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.ActionType;
import dev.countersign.authz.web.ErrorPages;
import dev.countersign.core.AuthorizationDetail;

/**
 * The consent page, {@code GET /oauth2/consent}, where Spring Authorization Server sends
 * the user when consent is needed: the scopes as Spring's own page shows them, and one
 * row per requested {@code authorization_details} entry in the words of the catalog's
 * display template, each with its own checkbox, so the user can grant some entries and
 * refuse others. Entries and scopes granted before are listed as such. The form posts to
 * the authorization endpoint, where {@link AuthorizationDetailsConsentCustomizer} records
 * the answer.
 */
@Controller
public final class ConsentPageController {

	/**
	 * Where the page is served; give it to the authorization endpoint as its consent
	 * page.
	 */
	public static final String PATH = "/oauth2/consent";

	private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	private final RegisteredClientRepository clients;

	private final OAuth2AuthorizationService authorizations;

	private final OAuth2AuthorizationConsentService consents;

	private final GrantedAuthorizationDetails granted;

	private final ActionCatalog catalog;

	public ConsentPageController(RegisteredClientRepository clients, OAuth2AuthorizationService authorizations,
			OAuth2AuthorizationConsentService consents, GrantedAuthorizationDetails granted, ActionCatalog catalog) {
		this.clients = clients;
		this.authorizations = authorizations;
		this.consents = consents;
		this.granted = granted;
		this.catalog = catalog;
	}

	@GetMapping(PATH)
	Object page(Authentication user, HttpServletRequest request, Model model) {
		String state = single(request, OAuth2ParameterNames.STATE);
		String clientId = single(request, OAuth2ParameterNames.CLIENT_ID);
		OAuth2Authorization authorization = (state != null) ? this.authorizations.findByToken(state, STATE) : null;
		RegisteredClient client = (clientId != null) ? this.clients.findByClientId(clientId) : null;
		if (authorization == null || client == null || !client.getId().equals(authorization.getRegisteredClientId())
				|| !user.getName().equals(authorization.getPrincipalName())) {
			return ErrorPages.view(HttpStatus.BAD_REQUEST,
					"This consent request is unknown, finished, or not yours. Start again from the application.");
		}
		OAuth2AuthorizationRequest authorizationRequest = authorization
			.getAttribute(OAuth2AuthorizationRequest.class.getName());
		if (authorizationRequest == null) {
			return ErrorPages.view(HttpStatus.BAD_REQUEST, "This consent request is incomplete.");
		}
		OAuth2AuthorizationConsent consent = this.consents.findById(client.getId(), user.getName());
		Set<String> consentedScopes = (consent != null) ? consent.getScopes() : Set.of();
		Set<String> newScopes = new LinkedHashSet<>();
		Set<String> earlierScopes = new LinkedHashSet<>();
		for (String scope : authorizationRequest.getScopes()) {
			if (!scope.equals(OidcScopes.OPENID)) {
				(consentedScopes.contains(scope) ? earlierScopes : newScopes).add(scope);
			}
		}
		List<DetailRow> details = new ArrayList<>();
		List<AuthorizationDetail> requested = this.granted.requestedAtAuthorization(client, authorizationRequest);
		for (int i = 0; i < requested.size(); i++) {
			AuthorizationDetail detail = requested.get(i);
			ActionType type = this.catalog.find(detail.type());
			details.add(new DetailRow(i, (type != null) ? type.displayName() : detail.type(),
					(type != null) ? type.displayText(detail) : detail.toJson(), detail.fields(),
					GrantedAuthorizationDetails.isGranted(consent, detail)));
		}
		model.addAttribute("clientId", client.getClientId());
		model.addAttribute("clientName", client.getClientName());
		model.addAttribute("state", state);
		model.addAttribute("scopes", newScopes);
		model.addAttribute("earlierScopes", earlierScopes);
		model.addAttribute("details", details);
		model.addAttribute("grantedParameter", AuthorizationDetailsConsentCustomizer.GRANTED_PARAMETER);
		model.addAttribute("denyParameter", AuthorizationDetailsConsentCustomizer.DENY_PARAMETER);
		return "consent";
	}

	private static @Nullable String single(HttpServletRequest request, String name) {
		String[] values = request.getParameterValues(name);
		return (values != null && values.length == 1 && !values[0].isEmpty()) ? values[0] : null;
	}

	/**
	 * One requested entry as the page shows it.
	 *
	 * @param index its position in the request, the value of its checkbox
	 * @param title the action type's display name
	 * @param text the display template filled with the entry's values
	 * @param fields the only body fields it allows, or {@code null}
	 * @param granted whether the user granted it before
	 */
	public record DetailRow(int index, String title, String text, @Nullable List<String> fields, boolean granted) {
	}

}
