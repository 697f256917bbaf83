package dev.countersign.authz.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * RFC 9457 problem bodies for the places that answer before Spring MVC can: security entry
 * points, the firewall, the servlet container.
 */
final class Problems {

	private Problems() {
	}

	/**
	 * A problem of type {@code about:blank}.
	 * @param status the status, whose reason phrase is the title
	 * @param detail the detail, or {@code null}
	 * @return the JSON
	 */
	static String json(int status, @Nullable String detail) {
		HttpStatus resolved = HttpStatus.resolve(status);
		String title = (resolved != null) ? resolved.getReasonPhrase() : "Error";
		StringBuilder json = new StringBuilder("{\"type\":\"about:blank\",\"title\":\"").append(title)
			.append("\",\"status\":")
			.append(status);
		if (detail != null) {
			json.append(",\"detail\":\"").append(detail.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
		}
		return json.append('}').toString();
	}

	/**
	 * Writes a problem as the whole response.
	 * @param response the response
	 * @param status the status
	 * @param detail the detail
	 * @throws IOException when the client is gone
	 */
	static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(json(status.value(), detail));
	}

}
