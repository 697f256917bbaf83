package dev.countersign.authz.it;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.countersign.test.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No credential reaches the log, whatever the request (issue 9, item 16): malformed and
 * pipelined requests that carry bearer tokens, client secrets and passwords, sent to a
 * server that logs at INFO and whose Tomcat loggers report every unparseable request,
 * quoting its bytes.
 */
@ExtendWith(OutputCaptureExtension.class)
class CredentialsInLogsIT {

	private static final String TOKEN = "eyJraWQiOiJsZWFrIiwiYWxnIjoiUlMyNTYifQ.eyJzdWIiOiJhbGljZS1sZWFrLWNhbmFyeSJ9.c2lnbmF0dXJlLWxlYWstY2FuYXJ5";

	private static final String SECRET = "s3cr3t-leak-canary";

	private static RunningServer server;

	@BeforeAll
	static void start() {
		// Tomcat's own loggers turned up, as an operator chasing a problem would: the
		// mask still holds
		server = RunningServer.start("demo,it",
				"--spring.datasource.url=" + dev.countersign.test.TestDatabase.sharedUrl(), "--logging.level.root=INFO",
				"--logging.level.org.apache.coyote.http11.Http11Processor=DEBUG",
				"--logging.level.org.apache.tomcat.util.http.Parameters=DEBUG");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void logWhenMalformedRequestsCarryCredentialsThenNoneOfThemIsLogged(CapturedOutput output) {
		int port = Integer.parseInt(server.baseUrl.substring(server.baseUrl.lastIndexOf(':') + 1));
		List<String> requests = List.of(
				// pipelined: a body longer than its Content-Length, the rest read as the
				// next request
				"POST /oauth2/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
						+ "Content-Length: 5\r\n\r\ngrant_type=client_credentials&client_secret=" + SECRET
						+ "\r\nAuthorization: Bearer " + TOKEN + "\r\n\r\n",
				"GET /approvals/x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}Authorization: Bearer "
						+ TOKEN + "\r\n\r\n",
				// broken request lines and headers next to credentials
				TOKEN + " / HTTP/1.1\r\nHost: localhost\r\n\r\n",
				"GET /?access_token=" + TOKEN + "{} HTTP/1.1\r\nHost: localhost\r\n\r\n",
				"GET / HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
						+ "\r\nbroken header line\r\n\r\n",
				"GET / HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + SECRET + "\u0001\r\n\r\n",
				"POST /login?password=" + SECRET + "&x=%zz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n",
				"GET /oauth2/jwks?token=" + TOKEN + "&%zz=1 HTTP/1.1\r\nHost: localhost\r\n\r\n");
		for (String request : requests) {
			RawHttp.exchange(port, request);
		}
		String log = output.getAll();
		assertThat(log).as("Tomcat reported the requests").contains("Invalid character found in method name");
		assertThat(log).contains("[masked]");
		for (String canary : List.of(TOKEN, SECRET, "alice-leak-canary", "c2lnbmF0dXJl", "eyJzdWIi", "eyJraWQi",
				"leak-canary")) {
			assertThat(log).as("the log holds " + canary).doesNotContain(canary);
		}
	}

}
