package dev.countersign.test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in at an identity provider that Countersign's approval page starts, followed
 * as a browser follows it: redirects across both servers, the provider's password form.
 */
public final class IdentityProviderSignIn {

	private IdentityProviderSignIn() {
	}

	/**
	 * Opens an approval page without a session and signs in at the provider.
	 * @param browser the browser (its cookies)
	 * @param countersign the authorization server's base URL
	 * @param provider the identity provider's issuer
	 * @param approvalId the approval
	 * @param user the user, whose password is {@code <user>-password}
	 * @return every URL the browser went to, the approval page last
	 */
	public static List<String> signIn(TestHttp browser, String countersign, String provider, String approvalId,
			String user) {
		List<String> visited = new ArrayList<>();
		URI at = URI.create(countersign + "/approve/" + approvalId);
		HttpResponse<String> response = browser.get(at.toString(), "Accept", "text/html");
		for (int hops = 0; hops < 20; hops++) {
			visited.add(at.toString());
			if (response.statusCode() / 100 == 3) {
				at = at.resolve(response.headers().firstValue("Location").orElseThrow());
				response = browser.get(at.toString(), "Accept", "text/html");
				continue;
			}
			if (at.toString().startsWith(provider + "/login")) {
				URI form = at.resolve("/login");
				response = browser.postForm(form.toString(), Map.of("username", user, "password", user + "-password",
						"_csrf", TestHttp.csrf(response.body())));
				at = form;
				continue;
			}
			assertThat(at.toString()).startsWith(countersign + "/approve/" + approvalId);
			return visited;
		}
		throw new AssertionError("the sign-in did not come back: " + visited);
	}

}
