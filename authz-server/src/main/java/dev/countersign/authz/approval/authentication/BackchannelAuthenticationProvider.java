package dev.countersign.authz.approval.authentication;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import tools.jackson.databind.JsonNode;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ActionApprovalService;
import dev.countersign.authz.approval.ApprovalLedger;
import dev.countersign.authz.approval.ApprovalSettings;
import dev.countersign.authz.approval.BackchannelRequest;
import dev.countersign.authz.approval.BackchannelRequests;
import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.ActionMode;
import dev.countersign.authz.catalog.ActionType;
import dev.countersign.authz.catalog.InvalidAuthorizationDetailsException;
import dev.countersign.authz.token.ClientMetadata;
import dev.countersign.core.StrictJson;

/**
 * An OpenID CIBA backchannel authentication request (CIBA Core 1.0 section 7) of an
 * authenticated client: checked completely before anything is stored (the client's grant
 * and scopes, the one user hint, {@code authorization_details} against the catalog and
 * the client's types exactly as {@code POST /approvals} checks them, the binding message,
 * {@code requested_expiry}, {@code acr_values}, the ping token), then stored as a pending
 * approval with its CIBA request, within the same per-user limits as
 * {@code POST /approvals} (prompt bombing). Errors are CIBA's (section 13) and RFC
 * 9396's.
 */
public final class BackchannelAuthenticationProvider implements AuthenticationProvider {

	/** The OpenID CIBA grant. */
	public static final AuthorizationGrantType CIBA = new AuthorizationGrantType("urn:openid:params:grant-type:ciba");

	private static final int MAX_NOTIFICATION_TOKEN = 1024;

	private final NewApprovals approvals;

	private final BackchannelRequests requests;

	private final BackchannelUsers users;

	public BackchannelAuthenticationProvider(ApprovalLedger ledger, ActionCatalog catalog, ApprovalSettings settings,
			BackchannelRequests requests, BackchannelUsers users) {
		Assert.notNull(requests, "requests cannot be null");
		Assert.notNull(users, "users cannot be null");
		this.approvals = new NewApprovals(ledger, catalog, settings);
		this.requests = requests;
		this.users = users;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		BackchannelAuthenticationToken request = (BackchannelAuthenticationToken) authentication;
		OAuth2ClientAuthenticationToken clientAuthentication = (OAuth2ClientAuthenticationToken) request.getPrincipal();
		RegisteredClient client = clientAuthentication.getRegisteredClient();
		Assert.state(client != null, "an authenticated client has its registration");
		String deliveryMode = ClientMetadata.backchannelTokenDeliveryMode(client);
		if (!client.getAuthorizationGrantTypes().contains(CIBA) || deliveryMode == null) {
			throw ApprovalError.badRequest("unauthorized_client", "client " + client.getClientId()
					+ " is not registered for the CIBA grant (" + CIBA.getValue() + ")");
		}
		Set<String> scope = scope(request.getParameter("scope"), client);
		String notificationToken = notificationToken(request.getParameter("client_notification_token"), deliveryMode);
		ActionCatalog.CheckedDetail checked = this.approvals
			.check(authorizationDetails(request.getParameter("authorization_details")));
		ActionType type = checked.type();
		if (!ClientMetadata.authorizationDetailsTypes(client).contains(type.name())) {
			throw ApprovalError.badRequest(InvalidAuthorizationDetailsException.ERROR_CODE,
					"client " + client.getClientId() + " may not ask for type " + type.name());
		}
		if (!ClientMetadata.resources(client).contains(type.resource())) {
			throw ApprovalError.badRequest(InvalidAuthorizationDetailsException.ERROR_CODE,
					"client " + client.getClientId() + " is not registered for " + type.resource()
							+ ", the resource of " + type.name());
		}
		String bindingMessage = NewApprovals.bindingMessage(request.getParameter("binding_message"));
		if (bindingMessage == null && type.mode() == ActionMode.JIT) {
			throw ApprovalError.badRequest("invalid_binding_message", "binding_message is required for " + type.name()
					+ ": the user compares it with what the client" + " shows");
		}
		Duration lifetime = lifetime(request.getParameter("requested_expiry"));
		BackchannelUsers.Subject user = this.users.resolve(request, client);
		checkAcr(request.getParameter("acr_values"), type, user);
		String authReqId = this.approvals.codes().newId();
		BackchannelRequest[] stored = new BackchannelRequest[1];
		ActionApproval created;
		try {
			created = this.approvals.create(user.issuer(), user.subject(), lifetime,
					(approval) -> approval.clientId(client.getClientId())
						.actionType(type.name())
						.resource(type.resource())
						.detail(checked.detail())
						.bindingMessage(bindingMessage),
					(approval) -> {
						stored[0] = new BackchannelRequest(approval.id(), authReqId, client.getClientId(), scope,
								deliveryMode, notificationToken);
						this.requests.insert(stored[0]);
					});
		}
		catch (OAuth2AuthenticationException ex) {
			// CIBA Core 1.0 section 13 has no error of its own for a rate limit: the OP
			// denies the request, and says when to try again
			if (ex.getError() instanceof ApprovalError limit && limit.getRetryAfter() != null) {
				throw new OAuth2AuthenticationException(new ApprovalError("access_denied", HttpStatus.FORBIDDEN,
						limit.getDescription() + " (prompt bombing limit)", limit.getRetryAfter()));
			}
			throw ex;
		}
		return new BackchannelAuthenticationToken(clientAuthentication, created, stored[0]);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BackchannelAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private static Set<String> scope(@Nullable String value, RegisteredClient client) {
		if (!StringUtils.hasText(value)) {
			throw ApprovalError.badRequest("invalid_scope", "scope is required and must include openid");
		}
		Set<String> scope = new LinkedHashSet<>(List.of(StringUtils.tokenizeToStringArray(value, " ")));
		if (!scope.contains("openid")) {
			throw ApprovalError.badRequest("invalid_scope", "scope must include openid (CIBA Core 1.0 section 7.1)");
		}
		for (String name : scope) {
			if (!client.getScopes().contains(name)) {
				throw ApprovalError.badRequest("invalid_scope",
						"scope " + name + " is not registered for client " + client.getClientId());
			}
		}
		return scope;
	}

	private static @Nullable String notificationToken(@Nullable String value, String deliveryMode) {
		if (!"ping".equals(deliveryMode)) {
			return null;
		}
		if (!StringUtils.hasText(value)) {
			throw ApprovalError.badRequest("invalid_request",
					"client_notification_token is required in ping mode (CIBA Core 1.0 section 7.1)");
		}
		if (value.length() > MAX_NOTIFICATION_TOKEN || !value.matches("[\\x21-\\x7E]+")) {
			throw ApprovalError.badRequest("invalid_request",
					"client_notification_token must be at most 1024 visible ASCII characters (RFC 6750 b64token)");
		}
		return value;
	}

	private static JsonNode authorizationDetails(@Nullable String value) {
		if (value == null) {
			throw ApprovalError.badRequest(InvalidAuthorizationDetailsException.ERROR_CODE,
					"authorization_details is required: the one action or query the user approves");
		}
		try {
			return StrictJson.read(value);
		}
		catch (IllegalArgumentException ex) {
			throw ApprovalError.badRequest(InvalidAuthorizationDetailsException.ERROR_CODE,
					"authorization_details is not JSON: " + ex.getMessage());
		}
	}

	private Duration lifetime(@Nullable String value) {
		Duration longest = this.approvals.settings().requestLifetime();
		if (value == null) {
			return longest;
		}
		long seconds;
		try {
			seconds = Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			throw ApprovalError.badRequest("invalid_request", "requested_expiry must be a positive integer");
		}
		if (seconds <= 0) {
			throw ApprovalError.badRequest("invalid_request", "requested_expiry must be a positive integer");
		}
		Duration requested = Duration.ofSeconds(seconds);
		return (requested.compareTo(longest) < 0) ? requested : longest;
	}

	/**
	 * Accepts {@code acr_values} the approval can guarantee: the type's classes for a
	 * subject of a trusted issuer (the decision checks the ID token's {@code acr} against
	 * them), the password class for a user of this server.
	 * @param value the {@code acr_values}, or {@code null}
	 * @param type the type
	 * @param user the user
	 */
	private static void checkAcr(@Nullable String value, ActionType type, BackchannelUsers.Subject user) {
		if (!StringUtils.hasText(value)) {
			return;
		}
		List<String> guaranteed = (user.issuer() != null) ? type.acr() : List.of(ActionApprovalService.PASSWORD_ACR);
		for (String acr : StringUtils.tokenizeToStringArray(value, " ")) {
			if (guaranteed.contains(acr)) {
				return;
			}
		}
		throw ApprovalError.badRequest("invalid_request", "acr_values cannot be met: an approval of " + type.name()
				+ " by this user is of class "
				+ (guaranteed.isEmpty() ? "whatever the issuer signs in with" : String.join(" or ", guaranteed)));
	}

}
