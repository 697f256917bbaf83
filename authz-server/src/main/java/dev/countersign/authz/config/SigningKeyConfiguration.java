package dev.countersign.authz.config;

import java.time.Clock;
import java.util.Objects;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.countersign.authz.approval.ActionTokenGenerator;
import dev.countersign.authz.keys.JdbcSigningKeyRepository;
import dev.countersign.authz.keys.PrivateKeyEncryptor;
import dev.countersign.authz.keys.SigningKeyJwkSource;
import dev.countersign.authz.keys.SigningKeyRepository;
import dev.countersign.authz.keys.SigningKeys;
import dev.countersign.authz.rar.AuthorizationDetailsTokenCustomizer;
import dev.countersign.authz.rar.GrantedAuthorizationDetails;
import dev.countersign.authz.token.AccessTokenCustomizer;
import dev.countersign.core.IssuerNamingJwtDecoder;

/**
 * Signing keys from the database, the encoder that signs with the active one, the token
 * generator chain, and the decoder this server uses for its own bearer-protected
 * endpoints.
 */
@Configuration(proxyBeanMethods = false)
class SigningKeyConfiguration {

	@Bean
	SigningKeyRepository signingKeyRepository(JdbcOperations jdbc) {
		return new JdbcSigningKeyRepository(jdbc);
	}

	@Bean(initMethod = "initialize")
	SigningKeys signingKeys(SigningKeyRepository repository, PlatformTransactionManager transactionManager,
			CountersignProperties properties, Clock clock) {
		CountersignProperties.Keys keys = properties.getKeys();
		SigningKeys signingKeys = new SigningKeys(repository, new PrivateKeyEncryptor(keys.getEncryptionKey()),
				new TransactionTemplate(transactionManager), keys.toSettings());
		signingKeys.setClock(clock);
		return signingKeys;
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(SigningKeys signingKeys) {
		return new SigningKeyJwkSource(signingKeys);
	}

	@Bean
	JwtEncoder jwtEncoder(JWKSource<SecurityContext> jwkSource) {
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(jwkSource);
		encoder.setJwkSelector(SigningKeyJwkSource::signingKey);
		return encoder;
	}

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> accessTokenCustomizer(SigningKeys signingKeys,
			GrantedAuthorizationDetails grantedAuthorizationDetails) {
		AccessTokenCustomizer profile = new AccessTokenCustomizer(signingKeys);
		AuthorizationDetailsTokenCustomizer details = new AuthorizationDetailsTokenCustomizer(
				grantedAuthorizationDetails);
		return (context) -> {
			profile.customize(context);
			details.customize(context);
		};
	}

	/**
	 * Spring Authorization Server's own generators (JWT access and ID tokens, refresh
	 * tokens) with the action token generator as one more link: every token this server
	 * mints goes through this chain and the same customizer.
	 * @param jwtEncoder the JWT encoder
	 * @param jwtCustomizer the JWT customizer
	 * @param clock the clock
	 * @return the OAuth 2.0 token generator
	 */
	@Bean
	OAuth2TokenGenerator<OAuth2Token> tokenGenerator(JwtEncoder jwtEncoder,
			OAuth2TokenCustomizer<JwtEncodingContext> jwtCustomizer, Clock clock) {
		JwtGenerator jwtGenerator = new JwtGenerator(jwtEncoder);
		jwtGenerator.setJwtCustomizer(jwtCustomizer);
		jwtGenerator.setClock(clock);
		ActionTokenGenerator actionTokenGenerator = new ActionTokenGenerator(jwtEncoder);
		actionTokenGenerator.setJwtCustomizer(jwtCustomizer);
		actionTokenGenerator.setClock(clock);
		return new DelegatingOAuth2TokenGenerator(jwtGenerator, new OAuth2AccessTokenGenerator(),
				new OAuth2RefreshTokenGenerator(), actionTokenGenerator);
	}

	/**
	 * A decoder of this server's signatures: each served JWK names its algorithm, so a
	 * token is checked only with the algorithm of its key.
	 * @param jwkSource the served keys
	 * @return the decoder, with Spring's default validators
	 */
	static NimbusJwtDecoder ownSignatures(JWKSource<SecurityContext> jwkSource) {
		return NimbusJwtDecoder.withJwkSource(jwkSource)
			.jwsAlgorithms((algorithms) -> SigningKeys.SUPPORTED_ALGORITHMS
				.forEach((name) -> algorithms.add(SignatureAlgorithm.from(name))))
			.build();
	}

	/**
	 * Verifies this server's own access tokens (user info, administration) as RFC 9068
	 * says: signature against the served keys, {@code typ} {@code at+jwt} so no other JWT
	 * passes as one, lifetime, the required claims, and the configured issuer. The
	 * audience is any: these endpoints serve every client, and scopes decide what a token
	 * may do here. A refusal names the token's issuer when it is another
	 * ({@link IssuerNamingJwtDecoder}).
	 * @param jwkSource the JWK source
	 * @param settings the settings
	 * @return the JWT decoder
	 */
	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, AuthorizationServerSettings settings) {
		NimbusJwtDecoder decoder = ownSignatures(jwkSource);
		String issuer = RequiredIssuer.of(settings);
		decoder.setJwtValidator(JwtValidators.createAtJwtValidator().validators((validators) -> {
			validators.put(JwtClaimNames.ISS, new JwtIssuerValidator(issuer));
			validators.put(JwtClaimNames.AUD, new JwtClaimValidator<Object>(JwtClaimNames.AUD, Objects::nonNull));
		}).build());
		return IssuerNamingJwtDecoder.ownTokens(decoder, issuer);
	}

}
