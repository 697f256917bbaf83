package dev.countersign.resource.validation;

import org.jspecify.annotations.Nullable;

import dev.countersign.core.ActionTypeSchema;

/**
 * Where the starter learns the authorization server's catalog: the schema of each action
 * type, so that the catalog's own types and limits hold for every request before anything
 * is matched or echoed.
 *
 * @see RemoteActionTypeSchemas
 * @see InMemoryActionTypeSchemas
 */
@FunctionalInterface
public interface ActionTypeSchemas {

	/**
	 * The schema of an action type.
	 * @param type the action type
	 * @return the schema, or {@code null} when the catalog has no such type
	 * @throws ActionTypeSchemasUnavailableException when the catalog cannot be read now;
	 * the request is refused with {@code 503}, never let through
	 */
	@Nullable ActionTypeSchema find(String type);

}
