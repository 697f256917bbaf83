package dev.countersign.authz.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import dev.countersign.core.problem.Problem;

/**
 * The authorization server's one writer of RFC 9457 problems ({@link Problem}): for the
 * JSON APIs' refusals and for the places that answer before Spring MVC can (security
 * entry points, the firewall, the servlet container).
 */
public final class Problems {

	private Problems() {
	}

	/**
	 * A problem of type {@code about:blank}, titled with the status's reason phrase.
	 * @param status the status
	 * @param detail the detail, or {@code null}
	 * @param error the OAuth error code, or {@code null}
	 * @return the problem
	 */
	public static Problem problem(int status, @Nullable String detail, @Nullable String error) {
		HttpStatus resolved = HttpStatus.resolve(status);
		return Problem.of(status, (resolved != null) ? resolved.getReasonPhrase() : "Error", detail).withError(error);
	}

	/**
	 * A problem's JSON.
	 * @param status the status, whose reason phrase is the title
	 * @param detail the detail, or {@code null}
	 * @return the JSON
	 */
	public static String json(int status, @Nullable String detail) {
		return json(status, detail, null);
	}

	/**
	 * A problem's JSON, with the OAuth members {@code error} and
	 * {@code error_description}.
	 * @param status the status, whose reason phrase is the title
	 * @param detail the detail, or {@code null}
	 * @param error the OAuth error code, or {@code null}
	 * @return the JSON
	 */
	public static String json(int status, @Nullable String detail, @Nullable String error) {
		return problem(status, detail, error).toJson();
	}

	/**
	 * Writes a problem as the whole response.
	 * @param response the response
	 * @param status the status
	 * @param detail the detail
	 * @throws IOException when the client is gone
	 */
	public static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
		write(response, status.value(), detail, null);
	}

	/**
	 * Writes a problem with OAuth members as the whole response, keeping headers already
	 * set.
	 * @param response the response
	 * @param status the status
	 * @param detail the detail
	 * @param error the OAuth error code, or {@code null}
	 * @throws IOException when the client is gone
	 */
	public static void write(HttpServletResponse response, int status, String detail, @Nullable String error)
			throws IOException {
		write(response, problem(status, detail, error));
	}

	/**
	 * Writes a problem as the whole response, keeping headers already set.
	 * @param response the response
	 * @param problem the problem
	 * @throws IOException when the client is gone
	 */
	public static void write(HttpServletResponse response, Problem problem) throws IOException {
		response.setStatus(problem.status());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(problem.toJson());
	}

}
