package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.TestDatabase;
import dev.countersign.test.TestHttp;
import dev.countersign.testidp.TestIdentityProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trusted issuer whose base tokens are also introspected (RFC 7662): a token it issued
 * and still holds active passes; one it does not know (signed with its key, but never
 * issued, or revoked) is refused although its signature verifies.
 */
class FederationIntrospectionIT {

	private static TestIdentityProvider idp;

	private static RunningServer server;

	@BeforeAll
	static void start() {
		idp = TestIdentityProvider.start("http://127.0.0.1:1/unused");
		String entry = "--countersign.federation.issuers.idp.";
		server = RunningServer.start("demo,it", "--spring.datasource.url=" + TestDatabase.createDatabase(),
				entry + "issuer-uri=" + idp.issuer(), entry + "require-typed-tokens=false",
				entry + "authorization-details-types=payments.transfer",
				entry + "client-id=" + TestIdentityProvider.CLIENT_ID,
				entry + "client-secret=" + TestIdentityProvider.CLIENT_SECRET, entry + "introspect=true");
	}

	@AfterAll
	static void stop() {
		server.close();
		idp.close();
	}

	@Test
	void createWhenTheIssuerSaysTheTokenIsActiveThenAccepted() {
		HttpResponse<String> created = new ApprovalClient(server.http(), idp.issuedAccessToken())
			.create(ApprovalClient.TRANSFER);

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	@Test
	void createWhenTheIssuerDoesNotKnowTheTokenThenRefusedThoughItsSignatureVerifies() {
		String neverIssued = idp.sign(idp.claims("alice", Instant.now(), Instant.now().plusSeconds(300))
			.audience("http://localhost:8080")
			.claim("client_id", "bank-service"), "at+jwt");

		HttpResponse<String> refused = new ApprovalClient(server.http(), neverIssued).create(ApprovalClient.TRANSFER);

		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(TestHttp.json(refused).get("error_description").asString()).startsWith("active: ");
	}

}
