package dev.countersign.test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approval page driven over HTTP the way a browser submits its forms: signed in with
 * the user's own session, CSRF token taken from the page.
 */
public final class ApprovalPage {

	private static final Pattern NUMBER_BUTTON = Pattern.compile("name=\"number\"[^>]*value=\"([0-9]+)\"");

	/** The http. */
	public final TestHttp http;

	public ApprovalPage(TestHttp http) {
		this.http = http;
	}

	public static ApprovalPage signIn(String baseUrl, String username, String password) {
		TestHttp http = new TestHttp(baseUrl);
		assertThat(http.login(username, password).headers().firstValue("Location").orElseThrow())
			.doesNotContain("error");
		return new ApprovalPage(http);
	}

	public HttpResponse<String> open(String id) {
		return this.http.get("/approve/" + id, "Accept", "text/html");
	}

	public List<String> numbers(String html) {
		List<String> numbers = new ArrayList<>();
		Matcher matcher = NUMBER_BUTTON.matcher(html);
		while (matcher.find()) {
			numbers.add(matcher.group(1));
		}
		return numbers;
	}

	public HttpResponse<String> pick(String id, String number) {
		String csrf = TestHttp.csrf(open(id).body());
		return this.http.postForm("/approve/" + id + "/number", Map.of("number", number, "_csrf", csrf));
	}

	public HttpResponse<String> decide(String id, String decision) {
		String csrf = TestHttp.csrf(open(id).body());
		return this.http.postForm("/approve/" + id + "/decision", Map.of("decision", decision, "_csrf", csrf));
	}

	/**
	 * Picks the right number and approves, as the user would.
	 * @param id the id
	 * @param userCode the user code
	 */
	public void approve(String id, String userCode) {
		assertThat(pick(id, userCode).statusCode()).isEqualTo(302);
		HttpResponse<String> decided = decide(id, "approve");
		assertThat(decided.statusCode()).as(decided.body()).isEqualTo(302);
	}

}
