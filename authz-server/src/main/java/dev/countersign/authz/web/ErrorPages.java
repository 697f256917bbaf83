package dev.countersign.authz.web;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * The product's error page for browser requests: status, reason and a sentence for
 * people.
 */
public final class ErrorPages {

	private ErrorPages() {
	}

	/**
	 * The error view.
	 * @param status the status
	 * @param message what went wrong, for people
	 * @return the view with its status
	 */
	public static ModelAndView view(HttpStatus status, String message) {
		return new ModelAndView("error",
				Map.of("status", status.value(), "reason", status.getReasonPhrase(), "message", message), status);
	}

}
