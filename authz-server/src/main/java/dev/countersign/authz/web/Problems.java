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
public final class Problems {

	private Problems() {
	}

	/**
	 * A problem of type {@code about:blank}.
	 * @param status the status, whose reason phrase is the title
	 * @param detail the detail, or {@code null}
	 * @return the JSON
	 */
	public static String json(int status, @Nullable String detail) {
		return json(status, detail, null);
	}

	/**
	 * A problem of type {@code about:blank} with the OAuth members {@code error} and
	 * {@code error_description}.
	 * @param status the status, whose reason phrase is the title
	 * @param detail the detail, or {@code null}
	 * @param error the OAuth error code, or {@code null}
	 * @return the JSON
	 */
	public static String json(int status, @Nullable String detail, @Nullable String error) {
		HttpStatus resolved = HttpStatus.resolve(status);
		String title = (resolved != null) ? resolved.getReasonPhrase() : "Error";
		StringBuilder json = new StringBuilder("{\"type\":\"about:blank\",\"title\":\"").append(title)
			.append("\",\"status\":")
			.append(status);
		if (detail != null) {
			json.append(",\"detail\":\"").append(escape(detail)).append('"');
		}
		if (error != null) {
			json.append(",\"error\":\"").append(escape(error)).append('"');
			if (detail != null) {
				json.append(",\"error_description\":\"").append(escape(detail)).append('"');
			}
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
	public static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
		write(response, status.value(), detail, null);
	}

	/**
	 * Writes a problem with OAuth members as the whole response, keeping headers already set.
	 * @param response the response
	 * @param status the status
	 * @param detail the detail
	 * @param error the OAuth error code, or {@code null}
	 * @throws IOException when the client is gone
	 */
	public static void write(HttpServletResponse response, int status, String detail, @Nullable String error)
			throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(json(status, detail, error));
	}

	private static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> escaped.append("\\\"");
				case '\\' -> escaped.append("\\\\");
				default -> {
					if (c < 0x20) {
						escaped.append(String.format("\\u%04x", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

}
