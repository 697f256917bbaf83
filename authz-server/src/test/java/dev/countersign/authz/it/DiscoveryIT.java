package dev.countersign.authz.it;

import java.net.http.HttpResponse;

import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.ActionTypeSchema;
import dev.countersign.core.StrictJson;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryIT extends AbstractAuthorizationServerIT {

	@Test
	void oauthMetadataWhenRequestedThenIssuerAndEndpoints() {
		HttpResponse<String> response = this.http.get("/.well-known/oauth-authorization-server");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode metadata = TestHttp.json(response);
		assertThat(metadata.get("issuer").asString()).isEqualTo(ISSUER);
		assertThat(metadata.get("token_endpoint").asString()).isEqualTo(ISSUER + "/oauth2/token");
		assertThat(metadata.get("jwks_uri").asString()).isEqualTo(ISSUER + "/oauth2/jwks");
		assertThat(metadata.get("grant_types_supported").toString()).contains("authorization_code",
				"client_credentials", "refresh_token");
		assertThat(metadata.get("code_challenge_methods_supported").toString()).contains("S256");
		assertCountersignMetadata(metadata);
	}

	@Test
	void openIdMetadataWhenRequestedThenSameIssuerAndUserInfo() {
		HttpResponse<String> response = this.http.get("/.well-known/openid-configuration");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode metadata = TestHttp.json(response);
		assertThat(metadata.get("issuer").asString()).isEqualTo(ISSUER);
		assertThat(metadata.get("userinfo_endpoint").asString()).isEqualTo(ISSUER + "/userinfo");
		assertThat(metadata.get("id_token_signing_alg_values_supported").toString()).contains("RS256");
		assertCountersignMetadata(metadata);
	}

	@Test
	void protectedResourceMetadataWhenRequestedThenTheApprovalApiWithThisServerAndNoTlsBinding() {
		HttpResponse<String> response = this.http.get("/.well-known/oauth-protected-resource");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode metadata = TestHttp.json(response);
		assertThat(metadata.get("authorization_servers").toString()).isEqualTo("[\"" + ISSUER + "\"]");
		assertThat(metadata.get("resource_name").asString()).isEqualTo("Countersign approval API");
		assertThat(metadata.has("tls_client_certificate_bound_access_tokens")).isFalse();
		HttpResponse<String> challenge = this.http.post("/approvals", "application/json", "{}");
		assertThat(challenge.statusCode()).isEqualTo(401);
		assertThat(challenge.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("resource_metadata=\""
				+ metadata.get("resource").asString() + "/.well-known/oauth-protected-resource\"");
	}

	private static void assertCountersignMetadata(JsonNode metadata) {
		assertThat(metadata.get("authorization_details_types_supported").isArray()).isTrue();
		assertThat(metadata.get("authorization_details_types_supported").toString()).contains("\"payments.transfer\"",
				"\"accounts.close\"", "\"records.read\"", "\"orders.update\"");
		assertThat(metadata.get("approval_endpoint").asString()).isEqualTo(ISSUER + "/approvals");
		assertThat(metadata.get("authorization_details_types_metadata_endpoint").asString())
			.isEqualTo(ISSUER + "/authorization-details-types");
		assertThat(metadata.get("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
		// only the grants a client can be registered for (the bootstrap refuses token
		// exchange and device codes)
		assertThat(metadata.get("grant_types_supported").toString())
			.isEqualTo("[\"authorization_code\",\"refresh_token\",\"client_credentials\","
					+ "\"urn:openid:params:grant-type:ciba\"]");
		assertThat(metadata.has("device_authorization_endpoint")).isFalse();
		// OpenID CIBA Core 1.0 section 4: poll and ping, no push, no user_code parameter
		assertThat(metadata.get("backchannel_authentication_endpoint").asString())
			.isEqualTo(ISSUER + "/oauth2/backchannel-authentication");
		assertThat(metadata.get("backchannel_token_delivery_modes_supported").toString())
			.isEqualTo("[\"poll\",\"ping\"]");
		assertThat(metadata.get("backchannel_user_code_parameter_supported").asBoolean()).isFalse();
	}

	@Test
	void authorizationDetailsTypesMetadataWhenRequestedThenEveryCatalogTypeWithItsJsonSchema() {
		HttpResponse<String> response = this.http.get("/authorization-details-types");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
		assertThat(response.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=300");
		JsonNode document = TestHttp.json(response);
		assertThat(document.propertyNames()).contains("payments.transfer", "accounts.close", "records.read",
				"orders.update");
		assertThat(document.at("/payments.transfer/description").asString()).isEqualTo("Transfer money");
		assertThat(document.at("/records.read/schema/$defs/customerId/minimum").asInt()).isEqualTo(1);
		// the resource server reads the same limits back
		ActionTypeSchema transfer = ActionTypeSchema.fromMetadata("payments.transfer",
				StrictJson.read(response.body()).get("payments.transfer"));
		assertThat(transfer.parameters().get("amount").max()).isEqualByComparingTo("1000000");
		assertThat(transfer.parameters().get("toIban").maxLength()).isEqualTo(34);
		assertThat(transfer.operators().get("toIban")).containsExactlyInAnyOrder("in", "prefix");
		assertThat(ActionTypeSchema.fromMetadata("orders.update", StrictJson.read(response.body()).get("orders.update"))
			.fields()).containsExactly("status", "deliveryDate", "note");
	}

	@Test
	void jwksWhenRequestedThenPublicSigningKeysOnly() throws Exception {
		HttpResponse<String> response = this.http.get("/oauth2/jwks");
		assertThat(response.statusCode()).isEqualTo(200);
		JWKSet set = JWKSet.parse(response.body());
		assertThat(set.getKeys()).isNotEmpty().allSatisfy((jwk) -> {
			assertThat(jwk.isPrivate()).isFalse();
			assertThat(jwk.getKeyID()).isNotBlank();
			assertThat(jwk.getAlgorithm().getName()).isEqualTo("RS256");
		});
		assertThat(response.body()).doesNotContain("\"d\"", "\"p\"", "\"q\"");
	}

}
