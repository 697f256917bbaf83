package dev.countersign.authz.federation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.util.Assert;

/**
 * The person a trusted issuer signed in, named as Countersign keeps subjects of trusted
 * issuers apart from its own users: {@code issuer#subject}, the subject by the entry's
 * {@code subject-claim}. Spring Authorization Server names authorizations, consents and
 * the tokens' {@code sub} by this name, so a provider's {@code alice} never shares them
 * with this server's {@code alice}.
 */
public final class TrustedIssuerOidcUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

	/** The claim that holds the qualified name. */
	public static final String QUALIFIED_SUBJECT = "countersign_qualified_subject";

	private final TrustedIssuers issuers;

	private final OidcUserService delegate = new OidcUserService();

	private java.util.function.BiConsumer<String, String> emails = (subject, email) -> {
	};

	public TrustedIssuerOidcUserService(TrustedIssuers issuers) {
		Assert.notNull(issuers, "issuers cannot be null");
		this.issuers = issuers;
	}

	/**
	 * Sets where the {@code email} claim of each sign-in is kept, by qualified subject
	 * (notifications of later approvals reach the person there).
	 * @param emails takes the qualified subject and the address
	 */
	public void setEmailStore(java.util.function.BiConsumer<String, String> emails) {
		Assert.notNull(emails, "emails cannot be null");
		this.emails = emails;
	}

	@Override
	public OidcUser loadUser(OidcUserRequest request) {
		OidcUser user = this.delegate.loadUser(request);
		TrustedIssuer issuer = this.issuers.named(request.getClientRegistration().getRegistrationId());
		String subject = (issuer != null) ? user.getIdToken().getClaimAsString(issuer.subjectClaim()) : null;
		if (issuer == null || subject == null || subject.isBlank()) {
			throw new OAuth2AuthenticationException(new OAuth2Error("invalid_id_token",
					"the ID token names no subject by the trusted issuer's subject-claim", null));
		}
		// Spring's own types, which the authorization store can write and read back: the
		// qualified name as a claim of the user info, named as the user's name attribute
		Map<String, Object> claims = new LinkedHashMap<>(
				(user.getUserInfo() != null) ? user.getUserInfo().getClaims() : Map.of());
		claims.put(StandardClaimNames.SUB, user.getSubject());
		claims.put(QUALIFIED_SUBJECT, issuer.issuer() + "#" + subject);
		String email = user.getIdToken().getEmail();
		if (email != null && !Boolean.FALSE.equals(user.getIdToken().getEmailVerified())
				&& dev.countersign.authz.notification.SubjectEmails.isAddress(email)) {
			this.emails.accept(issuer.issuer() + "#" + subject, email);
		}
		// when the person signed in, as Spring Authorization Server reads it for the
		// auth_time of the tokens it issues them: the issuer's auth_time, else now
		Instant authTime = (user.getIdToken().getAuthenticatedAt() != null) ? user.getIdToken().getAuthenticatedAt()
				: Instant.now();
		List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities());
		authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY)
			.issuedAt(authTime)
			.build());
		return new DefaultOidcUser(authorities, user.getIdToken(), new OidcUserInfo(claims), QUALIFIED_SUBJECT);
	}

}
