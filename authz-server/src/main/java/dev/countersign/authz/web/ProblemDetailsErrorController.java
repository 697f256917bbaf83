package dev.countersign.authz.web;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The last resort for errors that reach the servlet container's error page: an RFC 9457
 * problem for API clients, a plain page for browsers; never a stack trace. When Spring
 * Authorization Server could not redirect an error to the client (unknown client, bad
 * redirect URI), it sends {@code [error_code] description}; the problem then carries them
 * as the OAuth members {@code error} and {@code error_description}.
 */
@Controller
final class ProblemDetailsErrorController implements org.springframework.boot.webmvc.error.ErrorController {

	private static final Pattern OAUTH_ERROR = Pattern.compile("^\\[([a-z_]{1,64})\\] ?(.{0,500})$");

	@RequestMapping(path = "/error", produces = MediaType.TEXT_HTML_VALUE)
	ModelAndView page(HttpServletRequest request) {
		HttpStatus status = status(request);
		return new ModelAndView("error", Map.of("status", status.value(), "reason", status.getReasonPhrase()), status);
	}

	@RequestMapping("/error")
	void problem(HttpServletRequest request, HttpServletResponse response) throws IOException {
		HttpStatus status = status(request);
		String error = null;
		String description = null;
		Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
		if (message instanceof String text) {
			Matcher oauthError = OAUTH_ERROR.matcher(text);
			if (oauthError.matches()) {
				error = oauthError.group(1);
				description = oauthError.group(2).isBlank() ? null : oauthError.group(2);
			}
		}
		Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String instance = (path instanceof String uri) ? java.net.URI.create(uri.replace(" ", "%20")).toString() : null;
		Problems.write(response, Problems.problem(status.value(), description, error).withInstance(instance));
	}

	private static HttpStatus status(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		return (status != null) ? status : HttpStatus.INTERNAL_SERVER_ERROR;
	}

}
