package dev.countersign.authz.approval.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionApprovalService;
import dev.countersign.authz.catalog.ActionType;

/**
 * The sign-in request to a trusted issuer for an approval: Spring Security's (code flow,
 * PKCE, {@code state}, {@code nonce}), plus what the approval's type needs of the sign-in
 * (OpenID Connect Core section 3.1.2.1): its {@code max-age} as {@code max_age} with
 * {@code prompt=login}, so the person signs in again, and its {@code acr} as
 * {@code acr_values}, in order of preference.
 */
public final class ApprovalSignInRequestResolver implements OAuth2AuthorizationRequestResolver {

	private final DefaultOAuth2AuthorizationRequestResolver delegate;

	private final ActionApprovalService approvals;

	public ApprovalSignInRequestResolver(ClientRegistrationRepository registrations, ActionApprovalService approvals) {
		Assert.notNull(registrations, "registrations cannot be null");
		Assert.notNull(approvals, "approvals cannot be null");
		this.delegate = new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
		this.approvals = approvals;
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
		return withTypeNeeds(request, this.delegate.resolve(request));
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
		return withTypeNeeds(request, this.delegate.resolve(request, clientRegistrationId));
	}

	private @Nullable OAuth2AuthorizationRequest withTypeNeeds(HttpServletRequest request,
			@Nullable OAuth2AuthorizationRequest authorizationRequest) {
		String id = request.getParameter(ApprovalSignInEntryPoint.APPROVAL_PARAMETER);
		ActionType type = (authorizationRequest != null && id != null) ? this.approvals.typeOf(id) : null;
		if (authorizationRequest == null || type == null) {
			return authorizationRequest;
		}
		Map<String, Object> parameters = new LinkedHashMap<>(authorizationRequest.getAdditionalParameters());
		Duration maxAge = type.maxAge();
		if (maxAge != null) {
			parameters.put("max_age", Long.toString(maxAge.toSeconds()));
			parameters.put("prompt", "login");
		}
		List<String> acr = type.acr();
		if (!acr.isEmpty()) {
			parameters.put("acr_values", String.join(" ", acr));
		}
		return OAuth2AuthorizationRequest.from(authorizationRequest).additionalParameters(parameters).build();
	}

}
