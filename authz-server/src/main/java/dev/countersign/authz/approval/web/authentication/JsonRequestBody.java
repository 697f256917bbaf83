package dev.countersign.authz.approval.web.authentication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.lang.Contract;
import tools.jackson.databind.JsonNode;

import dev.countersign.authz.approval.authentication.ApprovalError;
import dev.countersign.core.BoundedBody;
import dev.countersign.core.Messages;
import dev.countersign.core.ParameterType;
import dev.countersign.core.StrictJson;

/**
 * The JSON object an approval call carries: {@code application/json}, at most
 * {@link #MAX_BODY} bytes, read strictly (a member given twice is refused), with only the
 * members the call names.
 */
final class JsonRequestBody {

	/** The largest request body accepted. */
	static final int MAX_BODY = 16 * 1024;

	private JsonRequestBody() {
	}

	/**
	 * Reads the body.
	 * @param request the request
	 * @param members the members the call accepts
	 * @param usage how the body must look, for the refusal of another member
	 * @return the object
	 * @throws org.springframework.security.oauth2.core.OAuth2AuthenticationException
	 * {@code 415}, {@code 413} or {@code 400 invalid_request}
	 */
	static JsonNode read(HttpServletRequest request, Set<String> members, String usage) {
		if (!isJson(request.getContentType())) {
			throw ApprovalError.refused("invalid_request", HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"the body must be application/json");
		}
		JsonNode body;
		try {
			body = StrictJson
				.read(BoundedBody.read(request.getInputStream(), request.getContentLengthLong(), MAX_BODY));
		}
		catch (BoundedBody.TooLargeException ex) {
			throw ApprovalError.refused("invalid_request", HttpStatus.PAYLOAD_TOO_LARGE,
					"the body must be at most " + MAX_BODY / 1024 + " KiB");
		}
		catch (IllegalArgumentException ex) {
			throw ApprovalError.badRequest("invalid_request", Messages.of(ex));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (body == null || !body.isObject()) {
			throw ApprovalError.badRequest("invalid_request", "the body must be a JSON object");
		}
		for (String name : body.propertyNames()) {
			if (!members.contains(name)) {
				throw ApprovalError.badRequest("invalid_request", "member '" + name + "' is not supported; " + usage);
			}
		}
		return body;
	}

	/**
	 * A member that must be a single line of text, when present.
	 * @param value the member
	 * @param maxLength the longest accepted
	 * @return whether it is such a text
	 */
	@Contract("null, _ -> false")
	static boolean isText(@Nullable JsonNode value, int maxLength) {
		if (value == null || !value.isString() || value.asString().isBlank() || value.asString().length() > maxLength) {
			return false;
		}
		try {
			ParameterType.checkText(value.asString());
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static boolean isJson(@Nullable String contentType) {
		try {
			return contentType != null
					&& MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(contentType));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

}
