package dev.countersign.resource.web;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Action-Token} header: one value, or none; a header given twice is refused,
 * as {@code DefaultBearerTokenResolver} refuses two bearer tokens.
 */
public final class HeaderActionTokenResolver implements ActionTokenResolver {

	/** The header carrying the action token. */
	public static final String ACTION_TOKEN_HEADER = "Action-Token";

	@Override
	public @Nullable String resolve(HttpServletRequest request) {
		Enumeration<String> headers = request.getHeaders(ACTION_TOKEN_HEADER);
		if (headers == null || !headers.hasMoreElements()) {
			return null;
		}
		String token = headers.nextElement();
		int count = 1;
		while (headers.hasMoreElements()) {
			headers.nextElement();
			count++;
		}
		if (count > 1) {
			throw new BadActionRequestException(ACTION_TOKEN_HEADER + " is given " + count + " times");
		}
		return token;
	}

}
