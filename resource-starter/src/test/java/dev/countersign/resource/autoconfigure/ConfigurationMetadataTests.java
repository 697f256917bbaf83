package dev.countersign.resource.autoconfigure;

import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.StrictJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata the build generates from
 * {@link CountersignResourceProperties}: every property is there, with the Javadoc of its
 * field as description, so IDEs complete and explain them.
 */
class ConfigurationMetadataTests {

	@Test
	void metadataWhenGeneratedThenEveryPropertyDescribed() throws Exception {
		JsonNode properties = metadata().get("properties");
		assertThat(properties.findValuesAsString("name")).contains("countersign.resource.enabled",
				"countersign.resource.issuer-uri", "countersign.resource.jwk-set-uri", "countersign.resource.audience",
				"countersign.resource.clock-skew", "countersign.resource.algorithms",
				"countersign.resource.max-body-size", "countersign.resource.replay-store",
				"countersign.resource.consume.client-id", "countersign.resource.consume.client-secret",
				"countersign.resource.consume.endpoint", "countersign.resource.consume.token-endpoint",
				"countersign.resource.consume.refresh-before", "countersign.resource.routes",
				"countersign.resource.access-token-types", "countersign.resource.metadata.enabled",
				"countersign.resource.metadata.resource-name", "countersign.resource.metadata.authorization-servers");
		for (JsonNode property : properties) {
			assertThat(property.get("description")).as(property.get("name").asString() + " has a description")
				.isNotNull();
		}
	}

	@Test
	void metadataWhenGeneratedThenEveryDefaultGivenOrItsFallbackDescribed() throws Exception {
		for (JsonNode property : metadata().get("properties")) {
			String name = property.get("name").asString();
			String description = property.get("description").asString();
			if (property.get("defaultValue") == null) {
				assertThat(description).as(name + ": a default value, or a description of what applies when unset")
					.containsAnyOf("Defaults to", "when unset", "Required", "Its client secret", "Client id",
							"Routes bound", "Parameter sources");
			}
		}
		assertThat(defaultOf("countersign.resource.algorithms")).isEqualTo("[\"RS256\"]");
		assertThat(defaultOf("countersign.resource.access-token-types"))
			.isEqualTo("[\"at+jwt\",\"application/at+jwt\"]");
		assertThat(defaultOf("countersign.resource.max-body-size")).isEqualTo("65536");
		assertThat(defaultOf("countersign.resource.clock-skew")).isEqualTo("\"10s\"");
		assertThat(defaultOf("countersign.resource.replay-store")).isEqualTo("\"authorization-server\"");
		assertThat(defaultOf("countersign.resource.routes[].mode")).isEqualTo("\"jit\"");
	}

	@Test
	void metadataWhenGeneratedThenTheMembersOfRoutesAndTheSourceSyntaxAreHinted() throws Exception {
		JsonNode metadata = metadata();
		assertThat(metadata.get("properties").findValuesAsString("name")).contains(
				"countersign.resource.routes[].method", "countersign.resource.routes[].path",
				"countersign.resource.routes[].type", "countersign.resource.routes[].mode",
				"countersign.resource.routes[].parameters");
		assertThat(hintValues(metadata, "countersign.resource.routes[].parameters.values")).containsExactly("path:",
				"query:", "header:", "body:/", "form:");
		assertThat(hintValues(metadata, "countersign.resource.routes[].mode")).containsExactly("jit", "grant");
		assertThat(hintValues(metadata, "countersign.resource.algorithms")).contains("RS256", "PS256", "ES256");
	}

	private static List<String> hintValues(JsonNode metadata, String name) {
		for (JsonNode hint : metadata.get("hints")) {
			if (hint.get("name").asString().equals(name)) {
				return hint.get("values").findValuesAsString("value");
			}
		}
		throw new AssertionError("no hint for " + name);
	}

	private static String defaultOf(String name) throws Exception {
		for (JsonNode property : metadata().get("properties")) {
			if (property.get("name").asString().equals(name)) {
				return String.valueOf(property.get("defaultValue"));
			}
		}
		throw new AssertionError("no property " + name);
	}

	private static JsonNode metadata() throws Exception {
		try (InputStream in = ConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("spring-configuration-metadata.json").isNotNull();
			return StrictJson.read(in.readAllBytes());
		}
	}

}
