package dev.countersign.resource.web;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.countersign.core.StrictJson;

/**
 * Serves this API's protected resource metadata (RFC 9728): {@code resource},
 * {@code authorization_servers}, {@code authorization_details_types_supported} (RFC 9396
 * section 10: the action types its routes are bound to), {@code resource_name} and
 * {@code bearer_methods_supported}, at the well-known URL of the resource identifier
 * (section 3.1) and at {@code /.well-known/oauth-protected-resource}, where Spring
 * Security's entry point points its {@code 401} challenges. Registered before Spring
 * Security's filter chain: the document is public, and it answers in place of Spring
 * Security's own, which knows nothing of action types.
 */
public final class ProtectedResourceMetadataFilter extends OncePerRequestFilter {

	/** The well-known path of RFC 9728 section 3. */
	public static final String WELL_KNOWN_PATH = "/.well-known/oauth-protected-resource";

	private final byte[] document;

	private final String resourcePath;

	private @Nullable String challengeKeysPath;

	private byte[] challengeKeys = new byte[0];

	/**
	 * Create a new {@code ProtectedResourceMetadataFilter}.
	 * @param metadata the document
	 */
	public ProtectedResourceMetadataFilter(OAuth2ProtectedResourceMetadata metadata) {
		Assert.notNull(metadata, "metadata cannot be null");
		this.document = StrictJson.write(metadata.getClaims()).getBytes(StandardCharsets.UTF_8);
		this.resourcePath = WELL_KNOWN_PATH + pathOf(metadata.getResource().toString());
	}

	/**
	 * Also serves the public keys of the transaction authorization challenges, at the
	 * path of {@code txn_challenge_jwks_uri}.
	 * @param path the path
	 * @param jwkSet the JWK Set document
	 */
	public void setChallengeKeys(String path, String jwkSet) {
		Assert.hasText(path, "path cannot be empty");
		this.challengeKeysPath = path;
		this.challengeKeys = jwkSet.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The URL of a resource's metadata document: the well-known path inserted between the
	 * host and the path of the resource identifier, its trailing slash removed (RFC 9728
	 * section 3.1).
	 * @param resource the resource identifier
	 * @return the metadata URL
	 */
	public static String metadataUri(String resource) {
		URI uri = URI.create(resource);
		return uri.getScheme() + "://" + uri.getRawAuthority() + WELL_KNOWN_PATH + pathOf(resource);
	}

	private static String pathOf(String resource) {
		String path = URI.create(resource).getRawPath();
		if (path == null) {
			return "";
		}
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
		boolean keys = path.equals(this.challengeKeysPath);
		if (!read || !(path.equals(this.resourcePath) || path.equals(WELL_KNOWN_PATH) || keys)) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = keys ? this.challengeKeys : this.document;
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(keys ? "application/jwk-set+json" : MediaType.APPLICATION_JSON_VALUE);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "max-age=300");
		response.setContentLength(body.length);
		if ("GET".equals(request.getMethod())) {
			response.getOutputStream().write(body);
		}
	}

}
