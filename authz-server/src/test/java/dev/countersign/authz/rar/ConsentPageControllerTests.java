package dev.countersign.authz.rar;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.ui.ExtendedModelMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consent page shows only its own user's pending request: scopes new and consented
 * before apart, each requested entry with its display text and whether it was granted
 * before.
 */
class ConsentPageControllerTests {

	private static final String RECORDS_42_43 = "[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}},"
			+ "{\"type\":\"records.read\",\"parameters\":{\"customerId\":43}}]";

	private final RegisteredClient client = TestRegisteredClients.demoClient().build();

	private final InMemoryOAuth2AuthorizationService authorizations = new InMemoryOAuth2AuthorizationService();

	private final InMemoryOAuth2AuthorizationConsentService consents = new InMemoryOAuth2AuthorizationConsentService();

	private final ConsentPageController controller = new ConsentPageController(
			new InMemoryRegisteredClientRepository(this.client), this.authorizations, this.consents,
			new GrantedAuthorizationDetails(new RequestedAuthorizationDetails(TestCatalogs.records()), this.consents,
					new ClientCredentialsPolicy(TestCatalogs.records())),
			TestCatalogs.records());

	@Test
	@SuppressWarnings("unchecked")
	void pageWhenTheUsersPendingRequestThenScopesAndEntriesAsTheUserSeesThem() {
		pending("alice");
		this.consents.save(OAuth2AuthorizationConsent.withId("client-1", "alice")
			.scope("accounts.read")
			.authority(new SimpleGrantedAuthority(
					GrantedAuthorizationDetails.authority(new dev.countersign.core.AuthorizationDetail("records.read",
							Map.of("customerId", java.math.BigInteger.valueOf(43)), null))))
			.build());
		ExtendedModelMap model = new ExtendedModelMap();

		Object view = this.controller.page(new TestingAuthenticationToken("alice", null), request("state-1"), model);

		assertThat(view).isEqualTo("consent");
		assertThat(model.get("clientName")).isEqualTo("Demo client");
		assertThat((Set<Object>) model.get("scopes")).containsExactly("profile");
		assertThat((Set<Object>) model.get("earlierScopes")).containsExactly("accounts.read");
		List<ConsentPageController.DetailRow> rows = (List<ConsentPageController.DetailRow>) model.get("details");
		assertThat(rows).extracting(ConsentPageController.DetailRow::text)
			.containsExactly("Read the records of customer 42", "Read the records of customer 43");
		assertThat(rows).extracting(ConsentPageController.DetailRow::granted).containsExactly(false, true);
	}

	@Test
	void pageWhenAnotherUsersOrUnknownRequestThenErrorPageNotTheConsent() {
		pending("bob");

		assertThat(this.controller.page(new TestingAuthenticationToken("alice", null), request("state-1"),
				new ExtendedModelMap()))
			.isNotEqualTo("consent");
		assertThat(this.controller.page(new TestingAuthenticationToken("bob", null), request("no-such-state"),
				new ExtendedModelMap()))
			.isNotEqualTo("consent");
	}

	@Test
	void pageWhenStateGivenTwiceThenErrorPage() {
		pending("alice");
		MockHttpServletRequest request = request("state-1");
		request.addParameter(OAuth2ParameterNames.STATE, "state-1");

		assertThat(this.controller.page(new TestingAuthenticationToken("alice", null), request, new ExtendedModelMap()))
			.isNotEqualTo("consent");
	}

	private void pending(String user) {
		OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("http://localhost:9000/oauth2/authorize")
			.clientId("demo-client")
			.redirectUri("http://127.0.0.1:8081/callback")
			.scopes(Set.of("openid", "profile", "accounts.read"))
			.additionalParameters(Map.of("authorization_details", RECORDS_42_43))
			.build();
		this.authorizations.save(OAuth2Authorization.withRegisteredClient(this.client)
			.id("authorization-1")
			.principalName(user)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.attribute(OAuth2ParameterNames.STATE, "state-1")
			.attribute(OAuth2AuthorizationRequest.class.getName(), request)
			.build());
	}

	private static MockHttpServletRequest request(String state) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", ConsentPageController.PATH);
		request.addParameter(OAuth2ParameterNames.STATE, state);
		request.addParameter(OAuth2ParameterNames.CLIENT_ID, "demo-client");
		return request;
	}

}
