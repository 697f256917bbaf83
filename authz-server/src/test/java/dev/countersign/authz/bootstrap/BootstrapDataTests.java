package dev.countersign.authz.bootstrap;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.countersign.authz.config.CountersignProperties;
import dev.countersign.authz.settings.InvalidSettingException;
import dev.countersign.authz.token.ClientMetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BootstrapDataTests {

	private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	@Test
	void toRegisteredClientWhenConfidentialThenHashedSecretAndSettings() {
		CountersignProperties.Client client = client();
		RegisteredClient registered = BootstrapData.toRegisteredClient("demo-client", client.toSettings(),
				this.encoder);
		assertThat(registered.getClientSecret()).startsWith("{bcrypt}");
		assertThat(this.encoder.matches("demo-secret", registered.getClientSecret())).isTrue();
		assertThat(registered.getClientAuthenticationMethods())
			.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
		assertThat(registered.getAuthorizationGrantTypes()).contains(AuthorizationGrantType.AUTHORIZATION_CODE,
				AuthorizationGrantType.REFRESH_TOKEN);
		assertThat(registered.getClientSettings().isRequireProofKey()).isTrue();
		assertThat(ClientMetadata.resources(registered)).containsExactly("http://localhost:8080");
	}

	@Test
	void toRegisteredClientWhenNoSecretThenPublicClientWithPkce() {
		CountersignProperties.Client client = client();
		client.setSecret(null);
		client.setRequirePkce(false);
		RegisteredClient registered = BootstrapData.toRegisteredClient("spa", client.toSettings(), this.encoder);
		assertThat(registered.getClientAuthenticationMethods()).containsExactly(ClientAuthenticationMethod.NONE);
		assertThat(registered.getClientSettings().isRequireProofKey()).isTrue();
	}

	@Test
	void toRegisteredClientWhenUnknownGrantTypeThenNamesSetting() {
		CountersignProperties.Client client = client();
		client.setGrantTypes(List.of("password"));
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> BootstrapData.toRegisteredClient("demo-client", client.toSettings(), this.encoder))
			.withMessage("countersign.bootstrap.clients.demo-client.grant-types contains 'password'");
	}

	@Test
	void toRegisteredClientWhenBadResourceThenNamesSetting() {
		CountersignProperties.Client client = client();
		client.setResources(List.of("localhost:8080#x"));
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> BootstrapData.toRegisteredClient("demo-client", client.toSettings(), this.encoder))
			.withMessageStartingWith("countersign.bootstrap.clients.demo-client.resources");
	}

	@Test
	void toRegisteredClientWhenCodeGrantWithoutRedirectUriThenNamesSetting() {
		CountersignProperties.Client client = client();
		client.setRedirectUris(List.of());
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> BootstrapData.toRegisteredClient("demo-client", client.toSettings(), this.encoder))
			.withMessageStartingWith("countersign.bootstrap.clients.demo-client.redirect-uris");
	}

	@Test
	void toRegisteredClientWhenCibaPingWithJwksThenPrivateKeyJwtAndBackchannelSettings() {
		CountersignProperties.Client client = cibaClient("ping");
		client.setSecret(null);
		client.setJwkSetUri("https://agent.example/jwks");
		client.setBackchannelClientNotificationEndpoint("https://agent.example/ciba/notify");
		RegisteredClient registered = BootstrapData.toRegisteredClient("agent", client.toSettings(), this.encoder);
		assertThat(registered.getClientAuthenticationMethods())
			.containsExactly(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
		assertThat(registered.getClientSettings().getJwkSetUrl()).isEqualTo("https://agent.example/jwks");
		assertThat(registered.getAuthorizationGrantTypes())
			.contains(new AuthorizationGrantType("urn:openid:params:grant-type:ciba"));
		assertThat(ClientMetadata.backchannelTokenDeliveryMode(registered)).isEqualTo("ping");
		assertThat(ClientMetadata.backchannelClientNotificationEndpoint(registered))
			.isEqualTo("https://agent.example/ciba/notify");
	}

	@Test
	void toRegisteredClientWhenCibaSettingsWrongThenNamesTheSetting() {
		CountersignProperties.Client push = cibaClient("push");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> BootstrapData.toRegisteredClient("agent", push.toSettings(), this.encoder))
			.withMessageStartingWith("countersign.bootstrap.clients.agent.backchannel-token-delivery-mode is 'push'");
		CountersignProperties.Client pingWithoutEndpoint = cibaClient("ping");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> BootstrapData.toRegisteredClient("agent", pingWithoutEndpoint.toSettings(), this.encoder))
			.withMessageStartingWith("countersign.bootstrap.clients.agent.backchannel-client-notification-endpoint");
		CountersignProperties.Client plainHttp = cibaClient("ping");
		plainHttp.setBackchannelClientNotificationEndpoint("http://agent.example/notify");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> BootstrapData.toRegisteredClient("agent", plainHttp.toSettings(), this.encoder))
			.withMessageStartingWith("countersign.bootstrap.clients.agent.backchannel-client-notification-endpoint");
		CountersignProperties.Client publicClient = cibaClient("poll");
		publicClient.setSecret(null);
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> BootstrapData.toRegisteredClient("agent", publicClient.toSettings(), this.encoder))
			.withMessageStartingWith("countersign.bootstrap.clients.agent.grant-types names");
		CountersignProperties.Client modeWithoutGrant = client();
		modeWithoutGrant.setBackchannelTokenDeliveryMode("poll");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> BootstrapData.toRegisteredClient("agent", modeWithoutGrant.toSettings(), this.encoder))
			.withMessageStartingWith("countersign.bootstrap.clients.agent.backchannel-token-delivery-mode is set");
	}

	private static CountersignProperties.Client cibaClient(String mode) {
		CountersignProperties.Client client = client();
		client.setGrantTypes(List.of("urn:openid:params:grant-type:ciba"));
		client.setRedirectUris(List.of());
		client.setBackchannelTokenDeliveryMode(mode);
		return client;
	}

	private static CountersignProperties.Client client() {
		CountersignProperties.Client client = new CountersignProperties.Client();
		client.setSecret("demo-secret");
		client.setGrantTypes(List.of("authorization_code", "refresh_token", "client_credentials"));
		client.setRedirectUris(List.of("http://127.0.0.1:8081/callback"));
		client.setScopes(List.of("openid", "accounts.read"));
		client.setResources(List.of("http://localhost:8080"));
		return client;
	}

}
