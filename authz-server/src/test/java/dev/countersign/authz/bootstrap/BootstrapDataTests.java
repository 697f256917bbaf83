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
