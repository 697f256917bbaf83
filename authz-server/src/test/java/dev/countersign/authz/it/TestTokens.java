package dev.countersign.authz.it;

import java.text.ParseException;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Checks tokens the way a resource server would: against the JWK set the server
 * publishes.
 */
final class TestTokens {

	private TestTokens() {
	}

	static SignedJWT parse(String token) {
		try {
			return SignedJWT.parse(token);
		}
		catch (ParseException ex) {
			throw new AssertionError("not a JWT", ex);
		}
	}

	/**
	 * Verifies signature and {@code typ} against the published keys.
	 * @param token the JWT
	 * @param jwks the JWK set JSON served by the authorization server
	 * @param type the expected {@code typ}, or {@code null} for an ID token
	 * @return the verified claims
	 * @throws BadJOSEException when the token does not verify
	 */
	static JWTClaimsSet verify(String token, String jwks, String type) throws BadJOSEException {
		try {
			DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
			processor.setJWSKeySelector(
					new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(JWKSet.parse(jwks))));
			processor.setJWSTypeVerifier((type != null) ? new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType(type))
					: DefaultJOSEObjectTypeVerifier.JWT);
			processor.setJWTClaimsSetVerifier((claims, context) -> {
			});
			return processor.process(token, null);
		}
		catch (ParseException | com.nimbusds.jose.JOSEException ex) {
			throw new AssertionError(ex);
		}
	}

}
