package dev.countersign.authz.rar;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationToken;
import org.springframework.util.Assert;

import dev.countersign.core.AuthorizationDetail;

/**
 * Records the user's answer on the consent page in the stored consent: each requested
 * {@code authorization_details} entry the user ticked (form field
 * {@value #GRANTED_PARAMETER}, the entry's index in the request) becomes an authority
 * ({@link GrantedAuthorizationDetails#authority}); the others are handed to
 * {@link Refusals} (the audit log). The page posts indexes, never entries, so a tampered
 * form can pick among what the client asked for but cannot widen it. "Deny"
 * ({@value #DENY_PARAMETER}) empties the consent, which Spring Authorization Server
 * answers with {@code access_denied} and by removing the stored consent of this client.
 */
public final class AuthorizationDetailsConsentCustomizer
		implements Consumer<OAuth2AuthorizationConsentAuthenticationContext> {

	/** Form field: the index of a granted entry, once per ticked entry. */
	public static final String GRANTED_PARAMETER = "authorization_detail";

	/** Form field sent by the "Deny" button. */
	public static final String DENY_PARAMETER = "deny";

	private final GrantedAuthorizationDetails granted;

	private final Refusals refusals;

	public AuthorizationDetailsConsentCustomizer(GrantedAuthorizationDetails granted, Refusals refusals) {
		Assert.notNull(granted, "granted cannot be null");
		Assert.notNull(refusals, "refusals cannot be null");
		this.granted = granted;
		this.refusals = refusals;
	}

	@Override
	public void accept(OAuth2AuthorizationConsentAuthenticationContext context) {
		OAuth2AuthorizationConsentAuthenticationToken answer = context.getAuthentication();
		OAuth2AuthorizationRequest request = Objects.requireNonNull(context.getAuthorizationRequest(),
				"a consent answers an authorization request");
		List<AuthorizationDetail> requested = this.granted.requestedAtAuthorization(context.getRegisteredClient(),
				request);
		Set<Integer> ticked = indexes(answer.getAdditionalParameters().get(GRANTED_PARAMETER), requested.size());
		boolean deny = answer.getAdditionalParameters().get(DENY_PARAMETER) != null;
		Set<String> before = new HashSet<>();
		context.getAuthorizationConsent()
			.authorities((authorities) -> authorities.forEach((authority) -> before.add(authority.getAuthority())));
		List<AuthorizationDetail> refused = new ArrayList<>();
		for (int i = 0; i < requested.size(); i++) {
			String authority = GrantedAuthorizationDetails.authority(requested.get(i));
			if (!deny && ticked.contains(i)) {
				context.getAuthorizationConsent().authority(new SimpleGrantedAuthority(authority));
			}
			else if (!before.contains(authority)) {
				refused.add(requested.get(i));
			}
		}
		if (!refused.isEmpty()) {
			this.refusals.refused(context.getAuthorization().getPrincipalName(),
					context.getRegisteredClient().getClientId(), refused);
		}
		if (deny) {
			context.getAuthorizationConsent().authorities(Set::clear);
		}
	}

	private static Set<Integer> indexes(@Nullable Object value, int size) {
		Set<Integer> indexes = new LinkedHashSet<>();
		if (value == null) {
			return indexes;
		}
		String[] values = (value instanceof String[] many) ? many : new String[] { String.valueOf(value) };
		for (String text : values) {
			int index;
			try {
				index = Integer.parseInt(text);
			}
			catch (NumberFormatException ex) {
				index = -1;
			}
			if (index < 0 || index >= size || !indexes.add(index)) {
				// without a request token the authorization endpoint answers 400 rather
				// than redirecting
				throw new OAuth2AuthorizationCodeRequestAuthenticationException(
						new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
								GRANTED_PARAMETER + " must name each requested entry at most once", null),
						null);
			}
		}
		return indexes;
	}

	/**
	 * Where the entries a user did not grant are recorded.
	 */
	@FunctionalInterface
	public interface Refusals {

		/**
		 * Records requested entries the user did not grant.
		 * @param principalName the user
		 * @param clientId the client that asked
		 * @param refused the entries, none of them granted before
		 */
		void refused(String principalName, String clientId, List<AuthorizationDetail> refused);

	}

}
