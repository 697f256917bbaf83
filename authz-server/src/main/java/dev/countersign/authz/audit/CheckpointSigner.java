package dev.countersign.authz.audit;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.util.Assert;

import dev.countersign.core.audit.AuditChain;

/**
 * Signs the chain head as a checkpoint: a JWS ({@code typ}
 * {@value AuditChain#CHECKPOINT_TYPE}) with the issuer, the time, the position and the
 * head's hash, signed with the server's active key, so that an exported log can be proven
 * complete up to it without database access.
 */
public final class CheckpointSigner {

	private final Supplier<JWK> signingKey;

	private final String issuer;

	/**
	 * Creates the signer.
	 * @param signingKey the server's active key, with its private part and algorithm
	 * @param issuer this server's issuer identifier
	 */
	public CheckpointSigner(Supplier<JWK> signingKey, String issuer) {
		Assert.notNull(signingKey, "signingKey cannot be null");
		Assert.hasText(issuer, "issuer cannot be empty");
		this.signingKey = signingKey;
		this.issuer = issuer;
	}

	/**
	 * Signs a checkpoint.
	 * @param position the chain position
	 * @param hash the hash of the link at that position
	 * @param signedAt now
	 * @return the JWS with the public key that verifies it
	 */
	public Checkpoint sign(long position, String hash, Instant signedAt) {
		JWK key = this.signingKey.get();
		Assert.state(key.getAlgorithm() != null, "the signing key names no algorithm");
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.parse(key.getAlgorithm().getName()))
			.type(new JOSEObjectType(AuditChain.CHECKPOINT_TYPE))
			.keyID(key.getKeyID())
			.build();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.issueTime(Date.from(signedAt))
			.jwtID(UUID.randomUUID().toString())
			.claim(AuditChain.POSITION_CLAIM, position)
			.claim(AuditChain.HEAD_CLAIM, hash)
			.build();
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(new DefaultJWSSignerFactory().createJWSSigner(key, header.getAlgorithm()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("the checkpoint could not be signed", ex);
		}
		return new Checkpoint(position, hash, signedAt, key.getKeyID(), key.toPublicJWK().toJSONString(),
				jwt.serialize());
	}

	/**
	 * A signed checkpoint.
	 *
	 * @param position the chain position
	 * @param hash the head's hash there
	 * @param signedAt when it was signed
	 * @param keyId the signing key's {@code kid}
	 * @param publicJwk the public key, as a JWK
	 * @param jws the compact JWS
	 */
	public record Checkpoint(long position, String hash, Instant signedAt, String keyId, String publicJwk, String jws) {
	}

}
