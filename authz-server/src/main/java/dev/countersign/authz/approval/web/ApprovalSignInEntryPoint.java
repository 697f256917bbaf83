package dev.countersign.authz.approval.web;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.util.UriComponentsBuilder;

import dev.countersign.authz.approval.ActionApprovalService;
import dev.countersign.authz.federation.IssuerUnavailableException;
import dev.countersign.authz.federation.TrustedIssuer;
import dev.countersign.authz.federation.TrustedIssuers;

/**
 * Where the approval page sends a person who is not signed in: for an approval whose base
 * token came from a trusted issuer, straight to that issuer's sign-in (no password form,
 * no chooser), naming the approval so that the sign-in asks for what its type needs
 * ({@link ApprovalSignInRequestResolver}); otherwise to the password form. When that
 * issuer cannot be reached, the answer is {@code 503}, never an error of the sign-in.
 */
public final class ApprovalSignInEntryPoint implements AuthenticationEntryPoint {

	/** The query parameter that names the approval on the way to a trusted issuer. */
	public static final String APPROVAL_PARAMETER = "approval";

	private static final RequestMatcher APPROVAL_PAGES = PathPatternRequestMatcher.withDefaults()
		.matcher("/approve/{id}/**");

	private final ActionApprovalService approvals;

	private final TrustedIssuers trustedIssuers;

	private final AuthenticationEntryPoint passwords = new LoginUrlAuthenticationEntryPoint("/login");

	private final RedirectStrategy redirects = new DefaultRedirectStrategy();

	public ApprovalSignInEntryPoint(ActionApprovalService approvals, TrustedIssuers trustedIssuers) {
		Assert.notNull(approvals, "approvals cannot be null");
		Assert.notNull(trustedIssuers, "trustedIssuers cannot be null");
		this.approvals = approvals;
		this.trustedIssuers = trustedIssuers;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException, ServletException {
		RequestMatcher.MatchResult match = APPROVAL_PAGES.matcher(request);
		String id = match.isMatch() ? match.getVariables().get("id") : null;
		TrustedIssuer issuer = (id != null) ? this.trustedIssuers.find(this.approvals.subjectIssuer(id)) : null;
		if (id == null || issuer == null || !issuer.signsUsersIn()) {
			this.passwords.commence(request, response, authException);
			return;
		}
		try {
			this.trustedIssuers.metadata(issuer);
		}
		catch (IssuerUnavailableException ex) {
			response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value(),
					"Signing in at " + issuer.issuer() + " is not possible now; try again in a moment.");
			return;
		}
		this.redirects.sendRedirect(request, response,
				UriComponentsBuilder.fromPath("/oauth2/authorization/{name}")
					.queryParam(APPROVAL_PARAMETER, id)
					.buildAndExpand(issuer.name())
					.encode()
					.toUriString());
	}

}
