package dev.countersign.resource.autoconfigure;

import java.io.InputStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.StrictJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata the build generates from {@link CountersignResourceProperties}: every
 * property is there, with the Javadoc of its field as description, so IDEs complete and explain
 * them.
 */
class ConfigurationMetadataTests {

	@Test
	void metadataWhenGeneratedThenEveryPropertyDescribed() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("spring-configuration-metadata.json").isNotNull();
			metadata = StrictJson.read(in.readAllBytes());
		}
		JsonNode properties = metadata.get("properties");
		assertThat(properties.findValuesAsString("name")).contains("countersign.resource.enabled",
				"countersign.resource.issuer-uri", "countersign.resource.jwk-set-uri", "countersign.resource.audience",
				"countersign.resource.clock-skew", "countersign.resource.algorithms", "countersign.resource.max-body-size",
				"countersign.resource.replay-store", "countersign.resource.consume.client-id",
				"countersign.resource.consume.client-secret", "countersign.resource.consume.endpoint",
				"countersign.resource.consume.token-endpoint", "countersign.resource.consume.refresh-before",
				"countersign.resource.routes");
		for (JsonNode property : properties) {
			assertThat(property.get("description")).as(property.get("name").asString() + " has a description").isNotNull();
		}
	}

}
