package dev.countersign.authz.catalog.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.ActionType;
import dev.countersign.core.Endpoints;
import dev.countersign.core.StrictJson;

/**
 * The authorization details types metadata endpoint of <a href=
 * "https://datatracker.ietf.org/doc/draft-zehavi-oauth-rar-metadata/">draft-zehavi-oauth-rar-metadata</a>
 * section 5: one member per action type of the catalog, with its display name as
 * {@code description} and a JSON Schema of one {@code authorization_details} entry.
 * Clients learn from it how to build a request; the resource-server starter applies the
 * same limits to every request. Public, like the other metadata; the document is built
 * once, the catalog being fixed for the life of the server.
 */
@RestController
final class AuthorizationDetailsTypesController {

	/** Where the document is served. */
	static final String PATH = Endpoints.AUTHORIZATION_DETAILS_TYPES;

	private final String document;

	AuthorizationDetailsTypesController(ActionCatalog catalog) {
		Map<String, Object> types = new LinkedHashMap<>();
		for (String name : catalog.typeNames()) {
			ActionType type = Objects.requireNonNull(catalog.find(name), name);
			types.put(name, type.schema().toMetadata());
		}
		this.document = StrictJson.write(types);
	}

	@GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> types() {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.document);
	}

}
