package dev.countersign.resource.web;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.BoundedBody;
import dev.countersign.core.Messages;
import dev.countersign.core.StrictJson;

/**
 * The body of a bound request as the filter reads it, failing closed: a body the filter
 * does not parse never reaches the controller.
 * <ul>
 * <li>JSON (every media type the application's JSON converter reads, such as
 * {@code application/json} and {@code application/*+json}): read once, at most the size
 * limit, UTF-8 only (RFC 8259 section 8.1: another charset would make the controller
 * decode other characters than the filter compared), with {@link StrictJson} (a repeated
 * member is refused), and handed on unchanged;</li>
 * <li>{@code application/x-www-form-urlencoded}: left to the servlet container, whose
 * parse is the one the controller gets;</li>
 * <li>anything else, or a body without a media type: refused with {@code 415} naming the
 * media type, unless it is empty.</li>
 * </ul>
 *
 * @param request the request to hand on: the original one, or one replaying the body read
 * @param json the JSON body, or {@code null} when there is none
 * @param form whether the body is a form
 */
record BoundRequestBody(HttpServletRequest request, @Nullable JsonNode json, boolean form) {

	static BoundRequestBody read(HttpServletRequest request, List<MediaType> jsonTypes, int maxBodySize)
			throws IOException {
		long length = request.getContentLengthLong();
		checkDeclared(length, maxBodySize);
		boolean declared = length > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
		MediaType mediaType = mediaType(request.getContentType());
		if (mediaType != null && MediaType.APPLICATION_FORM_URLENCODED.includes(mediaType)) {
			return new BoundRequestBody(request, null, true);
		}
		if (!declared) {
			return new BoundRequestBody(request, null, false);
		}
		byte[] body = readAll(request, length, maxBodySize);
		if (body.length == 0) {
			return new BoundRequestBody(new CachedBodyRequest(request, body), null, false);
		}
		if (mediaType == null) {
			throw unsupported("a body without a Content-Type");
		}
		if (jsonTypes.stream().noneMatch((json) -> json.includes(mediaType))) {
			throw unsupported("a body of type " + mediaType.getType() + "/" + mediaType.getSubtype());
		}
		Charset charset = mediaType.getCharset();
		if (charset != null && !charset.equals(StandardCharsets.UTF_8)) {
			throw unsupported("JSON in " + charset.name() + " (JSON is exchanged in UTF-8, RFC 8259 section 8.1)");
		}
		try {
			return new BoundRequestBody(new CachedBodyRequest(request, body), StrictJson.read(body), false);
		}
		catch (IllegalArgumentException ex) {
			throw new BadActionRequestException(Messages.of(ex));
		}
	}

	private static @Nullable MediaType mediaType(@Nullable String contentType) {
		if (contentType == null) {
			return null;
		}
		try {
			return MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			throw new BadActionRequestException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "the Content-Type cannot be parsed");
		}
	}

	private static void checkDeclared(long length, int maxBodySize) {
		try {
			BoundedBody.checkDeclared(length, maxBodySize);
		}
		catch (BoundedBody.TooLargeException ex) {
			throw tooLarge(ex);
		}
	}

	private static byte[] readAll(HttpServletRequest request, long length, int maxBodySize) throws IOException {
		try {
			return BoundedBody.read(request.getInputStream(), length, maxBodySize);
		}
		catch (BoundedBody.TooLargeException ex) {
			throw tooLarge(ex);
		}
	}

	private static BadActionRequestException unsupported(String what) {
		return new BadActionRequestException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"this route does not read " + what + "; send application/json or application/x-www-form-urlencoded");
	}

	private static BadActionRequestException tooLarge(BoundedBody.TooLargeException ex) {
		return new BadActionRequestException(HttpStatus.CONTENT_TOO_LARGE, Messages.of(ex));
	}

}
