package dev.countersign.resource.validation;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.ActionTypeSchema;
import dev.countersign.core.StrictJson;

/**
 * Schemas fixed when the application starts: given as objects, or read from a document of
 * the authorization details types metadata endpoint (for an API that pins its catalog,
 * and for tests).
 */
public final class InMemoryActionTypeSchemas implements ActionTypeSchemas {

	private final Map<String, ActionTypeSchema> schemas;

	public InMemoryActionTypeSchemas(Collection<ActionTypeSchema> schemas) {
		Assert.notNull(schemas, "schemas cannot be null");
		Map<String, ActionTypeSchema> byType = new LinkedHashMap<>();
		schemas.forEach((schema) -> byType.put(schema.type(), schema));
		this.schemas = Map.copyOf(byType);
	}

	/**
	 * Reads a document as the authorization details types metadata endpoint serves it.
	 * @param document the JSON document
	 * @return the schemas
	 * @throws IllegalArgumentException when it is not such a document
	 */
	public static InMemoryActionTypeSchemas fromMetadata(String document) {
		return new InMemoryActionTypeSchemas(parse(document).values());
	}

	@Override
	public @Nullable ActionTypeSchema find(String type) {
		return this.schemas.get(type);
	}

	/**
	 * Reads a metadata document into schemas by type.
	 * @param document the JSON document
	 * @return the schemas
	 * @throws IllegalArgumentException when it is not such a document
	 */
	static Map<String, ActionTypeSchema> parse(String document) {
		JsonNode root = StrictJson.read(document);
		if (root == null || !root.isObject()) {
			throw new IllegalArgumentException("the authorization details types metadata is not a JSON object");
		}
		Map<String, ActionTypeSchema> schemas = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> member : root.properties()) {
			schemas.put(member.getKey(), ActionTypeSchema.fromMetadata(member.getKey(), member.getValue()));
		}
		return schemas;
	}

}
