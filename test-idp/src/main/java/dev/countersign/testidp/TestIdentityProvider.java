package dev.countersign.testidp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * A real OpenID provider that a test starts on a free port of 127.0.0.1: Spring
 * Authorization Server with OpenID Connect Discovery, a JWK set, form login for
 * {@code alice} and {@code mallory} (password {@code <name>-password}) and a client
 * {@code countersign} for sign-in. Its key is this object's, so a test can also sign the
 * tokens it needs (expired, of another audience, an ID token) exactly as the provider
 * signs its own.
 */
public final class TestIdentityProvider implements AutoCloseable {

	/** The client Countersign signs users in with. */
	public static final String CLIENT_ID = "countersign";

	/** Its secret. */
	public static final String CLIENT_SECRET = "countersign-secret";

	/** The {@code acr} of this provider's sign-ins. */
	public static final String ACR = "urn:test:password";

	private final RSAKey key;

	private final int port;

	private final ConfigurableApplicationContext context;

	private TestIdentityProvider(RSAKey key, int port, ConfigurableApplicationContext context) {
		this.key = key;
		this.port = port;
		this.context = context;
	}

	/**
	 * Starts a provider whose sign-in client redirects to the given URI.
	 * @param redirectUri the redirect URI of Countersign for this provider
	 * @return the running provider
	 */
	public static TestIdentityProvider start(String redirectUri) {
		RSAKey key = newKey("idp-key-1");
		int port = freePort();
		String issuer = "http://127.0.0.1:" + port;
		String client = "--spring.security.oauth2.authorizationserver.client.countersign.";
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.initializers((applicationContext) -> applicationContext.getBeanFactory()
				.registerSingleton("testIdentityProviderKeys", new ImmutableJWKSet<SecurityContext>(new JWKSet(key))))
			.run("--server.port=" + port, "--server.address=127.0.0.1",
					"--spring.security.oauth2.authorizationserver.issuer=" + issuer,
					client + "registration.client-id=" + CLIENT_ID,
					client + "registration.client-secret={noop}" + CLIENT_SECRET,
					client + "registration.client-authentication-methods=client_secret_basic",
					client + "registration.authorization-grant-types=authorization_code,refresh_token,client_credentials",
					client + "registration.redirect-uris=" + redirectUri, client + "registration.scopes=openid,profile",
					client + "require-proof-key=true", "--spring.autoconfigure.exclude=" + String.join(",", EXCLUDED),
					"--countersign.resource.enabled=false", "--logging.level.root=WARN",
					"--spring.main.banner-mode=off", "--spring.application.name=test-identity-provider");
		return new TestIdentityProvider(key, port, context);
	}

	/**
	 * Its issuer identifier.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public String issuer() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * An access token of a user, as this provider signs them (RFC 9068: {@code at+jwt}).
	 * @param subject the user
	 * @param clientId the client
	 * @param audience the audience
	 * @return the JWS
	 */
	public String accessToken(String subject, String clientId, String audience) {
		Instant now = Instant.now();
		return sign(claims(subject, now, now.plusSeconds(300)).audience(audience).claim("client_id", clientId),
				"at+jwt");
	}

	/**
	 * An access token this provider issues itself, by the client credentials of
	 * {@link #CLIENT_ID}, for {@code http://localhost:8080}: known to its introspection
	 * endpoint.
	 * @return the access token
	 */
	public String issuedAccessToken() {
		try {
			java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(issuer() + "/oauth2/token"))
					.header("Authorization",
							"Basic " + java.util.Base64.getEncoder()
								.encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
									.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			java.util.regex.Matcher token = java.util.regex.Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"")
				.matcher(response.body());
			if (response.statusCode() != 200 || !token.find()) {
				throw new IllegalStateException("no token: " + response.body());
			}
			return token.group(1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The claims this provider's tokens carry: {@code iss}, {@code sub}, {@code iat},
	 * {@code exp}, {@code jti}.
	 * @param subject the subject
	 * @param issuedAt when it was issued
	 * @param expiresAt when it expires
	 * @return claims to add to
	 */
	public JWTClaimsSet.Builder claims(String subject, Instant issuedAt, Instant expiresAt) {
		return new JWTClaimsSet.Builder().issuer(issuer())
			.subject(subject)
			.issueTime(java.util.Date.from(issuedAt))
			.expirationTime(java.util.Date.from(expiresAt))
			.jwtID(UUID.randomUUID().toString());
	}

	/**
	 * Signs claims with this provider's key.
	 * @param claims the claims
	 * @param type the JOSE {@code typ}, or {@code null} for none
	 * @return the JWS
	 */
	public String sign(JWTClaimsSet.Builder claims, @Nullable String type) {
		return sign(claims, type, this.key);
	}

	/**
	 * Signs claims with a key this provider does not publish, under a {@code kid} it does
	 * not know.
	 * @param claims the claims
	 * @return the JWS
	 */
	public String signWithUnknownKey(JWTClaimsSet.Builder claims) {
		return sign(claims, "at+jwt", newKey("unknown-key"));
	}

	@Override
	public void close() {
		this.context.close();
	}

	private static String sign(JWTClaimsSet.Builder claims, @Nullable String type, RSAKey key) {
		JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID());
		if (type != null) {
			header.type(new JOSEObjectType(type));
		}
		SignedJWT jwt = new SignedJWT(header.build(), claims.build());
		try {
			jwt.sign(new RSASSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private static RSAKey newKey(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** What the provider's application leaves out of the classpath it shares. */
	private static final List<String> EXCLUDED = List.of(
			"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
			"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration");

	/**
	 * The provider's application: Spring Boot's Spring Authorization Server
	 * configuration, its users, and the key the test holds.
	 */
	@SpringBootApplication(proxyBeanMethods = false)
	static class Application {

		/**
		 * ID tokens that say how and when the person signed in: {@code acr}
		 * {@value TestIdentityProvider#ACR}, {@code auth_time} now, as each is issued
		 * right after the sign-in of a code flow.
		 * @return the customizer
		 */
		@Bean
		OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims() {
			return (context) -> {
				if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
					context.getClaims()
						.audience(List.of("http://localhost:8080"))
						.claim("client_id", context.getRegisteredClient().getClientId());
				}
				if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
					context.getClaims().claim("acr", ACR);
					// issued right after the sign-in of the code flow
					context.getClaims().claim("auth_time", Instant.now().getEpochSecond());
				}
			};
		}

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}alice-password").roles("USER").build(),
					User.withUsername("mallory").password("{noop}mallory-password").roles("USER").build());
		}

	}

}
