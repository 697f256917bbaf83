package dev.countersign.authz.rar;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.countersign.authz.catalog.InvalidAuthorizationDetailsException;
import dev.countersign.core.AuthorizationDetail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a token carries: at the code and refresh grants the entries the user ticked on the
 * consent page, narrowed (never widened) by the token request; at client credentials what
 * the client asked, within its policy; elsewhere none.
 */
class GrantedAuthorizationDetailsTests {

	private static final String RECORDS_42_43 = "[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}},"
			+ "{\"type\":\"records.read\",\"parameters\":{\"customerId\":43}}]";

	private static final String RECORDS_43 = "[{\"type\":\"records.read\",\"parameters\":{\"customerId\":43}}]";

	private final InMemoryOAuth2AuthorizationConsentService consents = new InMemoryOAuth2AuthorizationConsentService();

	private final GrantedAuthorizationDetails granted = new GrantedAuthorizationDetails(
			new RequestedAuthorizationDetails(TestCatalogs.records()), this.consents,
			new ClientCredentialsPolicy(TestCatalogs.records()));

	private final RegisteredClient client = TestRegisteredClients.demoClient().build();

	@Test
	void forTokenWhenCodeGrantThenOnlyTheEntriesTheUserTicked() {
		consent(records(43));

		List<AuthorizationDetail> details = this.granted.forToken(this.client,
				AuthorizationGrantType.AUTHORIZATION_CODE, codeGrant(Map.of()), authorization(RECORDS_42_43));

		assertThat(details).containsExactly(records(43));
	}

	@Test
	void forTokenWhenTokenRequestNarrowsThenNarrowedAndWhenItWidensThenRefused() {
		consent(records(42));
		consent(records(43));
		OAuth2Authorization authorization = authorization(RECORDS_42_43);

		assertThat(this.granted.forToken(this.client, AuthorizationGrantType.AUTHORIZATION_CODE,
				codeGrant(Map.of("authorization_details", RECORDS_43)), authorization))
			.containsExactly(records(43));
		this.consents.save(OAuth2AuthorizationConsent.withId("client-1", "alice")
			.authority(new SimpleGrantedAuthority(GrantedAuthorizationDetails.authority(records(42))))
			.build());
		assertThatExceptionOfType(InvalidAuthorizationDetailsException.class)
			.isThrownBy(() -> this.granted.forToken(this.client, AuthorizationGrantType.AUTHORIZATION_CODE,
					codeGrant(Map.of("authorization_details", RECORDS_43)), authorization))
			.withMessage("authorization_details[0] was not granted: a token request may narrow, never widen");
	}

	@Test
	void forTokenWhenNoConsentThenNone() {
		assertThat(this.granted.forToken(this.client, AuthorizationGrantType.AUTHORIZATION_CODE, codeGrant(Map.of()),
				authorization(RECORDS_42_43)))
			.isEmpty();
	}

	@Test
	void forTokenWhenOtherGrantWithDetailsThenRefusedAndWithoutThenNone() {
		assertThat(this.granted.forToken(this.client, AuthorizationGrantType.JWT_BEARER, null, null)).isEmpty();
		assertThatExceptionOfType(InvalidAuthorizationDetailsException.class)
			.isThrownBy(() -> this.granted.forToken(this.client, AuthorizationGrantType.JWT_BEARER,
					new OAuth2ClientCredentialsAuthenticationToken(new TestingAuthenticationToken("demo-client", null),
							Set.of(), Map.of("authorization_details", RECORDS_43)),
					null));
	}

	@Test
	void isGrantedWhenTheConsentHoldsTheEntryThenTrue() {
		OAuth2AuthorizationConsent consent = OAuth2AuthorizationConsent.withId("client-1", "alice")
			.authority(new SimpleGrantedAuthority(GrantedAuthorizationDetails.authority(records(43))))
			.build();

		assertThat(GrantedAuthorizationDetails.isGranted(consent, records(43))).isTrue();
		assertThat(GrantedAuthorizationDetails.isGranted(consent, records(42))).isFalse();
		assertThat(GrantedAuthorizationDetails.isGranted(null, records(43))).isFalse();
	}

	private void consent(AuthorizationDetail detail) {
		OAuth2AuthorizationConsent existing = this.consents.findById("client-1", "alice");
		OAuth2AuthorizationConsent.Builder builder = (existing != null) ? OAuth2AuthorizationConsent.from(existing)
				: OAuth2AuthorizationConsent.withId("client-1", "alice");
		this.consents
			.save(builder.authority(new SimpleGrantedAuthority(GrantedAuthorizationDetails.authority(detail))).build());
	}

	private OAuth2Authorization authorization(String requested) {
		OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("http://localhost:9000/oauth2/authorize")
			.clientId("demo-client")
			.redirectUri("http://127.0.0.1:8081/callback")
			.additionalParameters(Map.of("authorization_details", requested))
			.build();
		return OAuth2Authorization.withRegisteredClient(this.client)
			.principalName("alice")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.attribute(OAuth2AuthorizationRequest.class.getName(), request)
			.build();
	}

	private OAuth2AuthorizationCodeAuthenticationToken codeGrant(Map<String, Object> parameters) {
		return new OAuth2AuthorizationCodeAuthenticationToken("code",
				new TestingAuthenticationToken("demo-client", null), "http://127.0.0.1:8081/callback", parameters);
	}

	private static AuthorizationDetail records(int customerId) {
		return new AuthorizationDetail("records.read", Map.of("customerId", BigInteger.valueOf(customerId)), null);
	}

}
