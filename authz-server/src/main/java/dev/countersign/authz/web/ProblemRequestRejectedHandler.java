package dev.countersign.authz.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers a request Spring Security's firewall rejects (encoded dots or slashes in the
 * path, and the like) with {@code 400} and an RFC 9457 problem, written here because the
 * servlet error page would be rejected by the same firewall.
 */
public final class ProblemRequestRejectedHandler implements RequestRejectedHandler {

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException requestRejectedException) throws IOException {
		Problems.write(response, HttpStatus.BAD_REQUEST,
				"The request was rejected because its URL is not normalized or contains forbidden characters.");
	}

}
