package dev.countersign.audit.verifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.text.ParseException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.StrictJson;
import dev.countersign.core.audit.AuditChain;

/**
 * Checks one export ({@value AuditChain#EXPORT_FORMAT}): every checkpoint's signature
 * (with the keys given, or else the public keys the export carries), every link of the
 * chain from the export's first position, the chain against every checkpoint it passes,
 * and that it ends exactly at a signed checkpoint. The first failure ends the check.
 */
public final class ExportVerifier {

	private final @Nullable JWKSet trustedKeys;

	private final @Nullable String issuer;

	/**
	 * Creates a verifier.
	 * @param trustedKeys the server's public keys; {@code null} to take the keys the
	 * export carries (then only the key thumbprints tie the export to the server)
	 * @param issuer the issuer the checkpoints must name, or {@code null} for the
	 * export's own
	 */
	public ExportVerifier(@Nullable JWKSet trustedKeys, @Nullable String issuer) {
		this.trustedKeys = trustedKeys;
		this.issuer = issuer;
	}

	/**
	 * Checks an export.
	 * @param export the export's lines
	 * @return the verdict
	 * @throws IOException when the export cannot be read
	 */
	public Report verify(BufferedReader export) throws IOException {
		Walk walk = new Walk();
		try {
			String line;
			long number = 0;
			while ((line = export.readLine()) != null) {
				number++;
				if (line.isBlank()) {
					continue;
				}
				JsonNode node;
				try {
					node = StrictJson.read(line);
				}
				catch (IllegalArgumentException ex) {
					throw new Broken(walk.position + 1, "line " + number + " is not JSON: " + ex.getMessage());
				}
				walk.line(number, node);
			}
			return walk.finish();
		}
		catch (Broken ex) {
			return new Report(false, walk.events, ex.position, ex.getMessage(), walk.lastCheckpoint,
					walk.lastCheckpointAt, walk.keys, this.trustedKeys != null);
		}
	}

	/**
	 * The verdict.
	 *
	 * @param proven whether the export is complete and unchanged up to its last
	 * checkpoint
	 * @param events the events checked
	 * @param brokenAt the first position that fails, or {@code null}
	 * @param reason why, or {@code null}
	 * @param checkpoint the last checkpoint the chain matched, or {@code null}
	 * @param checkpointAt when it was signed, or {@code null}
	 * @param keys the signing keys, as {@code kid (SHA-256 thumbprint)}
	 * @param keysTrusted whether the keys were given rather than taken from the export
	 */
	public record Report(boolean proven, long events, @Nullable Long brokenAt, @Nullable String reason,
			@Nullable Long checkpoint, @Nullable Instant checkpointAt, Set<String> keys, boolean keysTrusted) {
	}

	/**
	 * Where the check has got to.
	 */
	private final class Walk {

		private @Nullable JsonNode header;

		private long from;

		private long to;

		private long position;

		private String prevHash = AuditChain.GENESIS;

		private long events;

		private final Map<Long, Checkpoint> checkpoints = new HashMap<>();

		private final Set<String> keys = new LinkedHashSet<>();

		private @Nullable Long lastCheckpoint;

		private @Nullable Instant lastCheckpointAt;

		private boolean ended;

		void line(long number, JsonNode node) {
			String type = node.path("type").asString("");
			if (this.ended) {
				throw new Broken(this.position + 1, "line " + number + " follows the end of the export");
			}
			if (this.header == null && !type.equals("header")) {
				throw new Broken(1, "the export does not start with its header");
			}
			switch (type) {
				case "header" -> header(node);
				case "checkpoint" -> checkpoint(number, node);
				case "event" -> event(number, node);
				case "end" -> end(node);
				default ->
					throw new Broken(this.position + 1, "line " + number + " has an unknown type '" + type + "'");
			}
		}

		private void header(JsonNode node) {
			if (this.header != null) {
				throw new Broken(this.position + 1, "a second header");
			}
			if (!AuditChain.EXPORT_FORMAT.equals(node.path("format").asString(""))) {
				throw new Broken(1, "not a " + AuditChain.EXPORT_FORMAT + " export");
			}
			String exportIssuer = node.path("issuer").asString("");
			if (ExportVerifier.this.issuer != null && !ExportVerifier.this.issuer.equals(exportIssuer)) {
				throw new Broken(1, "the export is from " + exportIssuer + ", not " + ExportVerifier.this.issuer);
			}
			this.header = node;
			this.from = node.path("from_position").asLong(0);
			this.to = node.path("to_position").asLong(0);
			if (this.from < 1 || this.to < this.from - 1) {
				throw new Broken(1, "the header's positions are out of range");
			}
			this.position = this.from - 1;
			this.prevHash = node.path("prev_hash").asString("");
		}

		private void checkpoint(long number, JsonNode node) {
			if (this.events > 0) {
				throw new Broken(this.position + 1, "checkpoint on line " + number + " after the events");
			}
			SignedJWT jwt;
			JWTClaimsSet claims;
			try {
				jwt = SignedJWT.parse(node.path("jws").asString(""));
				claims = jwt.getJWTClaimsSet();
			}
			catch (ParseException ex) {
				throw new Broken(this.position + 1, "checkpoint on line " + number + " is no JWS");
			}
			Long position = longClaim(claims, AuditChain.POSITION_CLAIM);
			String head = stringClaim(claims, AuditChain.HEAD_CLAIM);
			long at = (position != null) ? position : this.position + 1;
			if (jwt.getHeader().getType() == null
					|| !AuditChain.CHECKPOINT_TYPE.equals(jwt.getHeader().getType().getType())) {
				throw new Broken(at, "checkpoint on line " + number + " is not typed " + AuditChain.CHECKPOINT_TYPE);
			}
			if (position == null || head == null) {
				throw new Broken(at, "checkpoint on line " + number + " names no position or head");
			}
			if (!issuer().equals(claims.getIssuer())) {
				throw new Broken(at, "checkpoint at position " + position + " is signed by " + claims.getIssuer());
			}
			JWK key = key(number, node, jwt.getHeader().getKeyID(), at);
			try {
				JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(),
						KeyMaterial.publicKey(key));
				if ((key.getAlgorithm() != null && !key.getAlgorithm().equals(jwt.getHeader().getAlgorithm()))
						|| !jwt.verify(verifier)) {
					throw new Broken(at,
							"the signature of the checkpoint at position " + position + " does not verify");
				}
			}
			catch (JOSEException ex) {
				throw new Broken(at, "the checkpoint at position " + position + " cannot be verified with key "
						+ key.getKeyID() + ": " + ex.getMessage());
			}
			this.keys.add(KeyMaterial.describe(key));
			Instant signedAt = (claims.getIssueTime() != null) ? claims.getIssueTime().toInstant() : null;
			this.checkpoints.put(position, new Checkpoint(head, signedAt));
		}

		private JWK key(long number, JsonNode node, @Nullable String keyId, long at) {
			if (ExportVerifier.this.trustedKeys != null) {
				JWK key = (keyId != null) ? ExportVerifier.this.trustedKeys.getKeyByKeyId(keyId) : null;
				if (key == null) {
					throw new Broken(at, "the checkpoint on line " + number + " is signed with key " + keyId
							+ ", which is not among the keys given");
				}
				return key;
			}
			try {
				JWK key = JWK.parse(StrictJson.write(StrictJson.toValue(node.path("jwk"))));
				if (key.isPrivate() || (keyId != null && !keyId.equals(key.getKeyID()))) {
					throw new Broken(at,
							"the key carried with the checkpoint on line " + number + " does not match it");
				}
				return key;
			}
			catch (ParseException ex) {
				throw new Broken(at, "the checkpoint on line " + number + " carries no usable key");
			}
		}

		private void event(long number, JsonNode node) {
			long position = node.path("position").asLong(-1);
			if (this.events == 0) {
				anchor();
			}
			if (position != this.position + 1) {
				throw new Broken(this.position + 1, "the event at position " + (this.position + 1)
						+ " is missing (line " + number + " holds position " + position + ")");
			}
			if (!this.prevHash.equals(node.path("prev_hash").asString(""))) {
				throw new Broken(position, "prev_hash does not match the hash at position " + this.position);
			}
			String hash;
			try {
				hash = AuditChain.link(this.prevHash, AuditChain.canonicalRow(node.path("seq").asLong(),
						Instant.parse(node.path("occurred_at").asString("")), text(node, "event"), text(node, "actor"),
						optional(node, "subject"), optional(node, "client_id"), optional(node, "action_type"),
						optional(node, "approval_id"), optional(node, "parameters"), text(node, "outcome")));
			}
			catch (DateTimeParseException ex) {
				throw new Broken(position, "the event at position " + position + " has no valid occurred_at");
			}
			catch (IllegalArgumentException ex) {
				throw new Broken(position, "the event at position " + position + " has no " + ex.getMessage());
			}
			if (!hash.equals(node.path("hash").asString(""))) {
				throw new Broken(position, "hash does not match the event's content");
			}
			Checkpoint checkpoint = this.checkpoints.get(position);
			if (checkpoint != null) {
				if (!checkpoint.head().equals(hash)) {
					throw new Broken(position, "the chain differs from the checkpoint signed at position " + position);
				}
				this.lastCheckpoint = position;
				this.lastCheckpointAt = checkpoint.signedAt();
			}
			this.position = position;
			this.prevHash = hash;
			this.events++;
		}

		// the first event continues from genesis, or from a checkpoint of a released
		// segment
		private void anchor() {
			if (this.from == 1) {
				if (!AuditChain.GENESIS.equals(this.prevHash)) {
					throw new Broken(1, "the chain does not start at genesis");
				}
				return;
			}
			Checkpoint anchor = this.checkpoints.get(this.from - 1);
			if (anchor == null || !anchor.head().equals(this.prevHash)) {
				throw new Broken(this.from, "the export starts at position " + this.from
						+ " but no signed checkpoint at position " + (this.from - 1) + " anchors it");
			}
		}

		private void end(JsonNode node) {
			if (node.path("events").asLong(-1) != this.events) {
				throw new Broken(this.position + 1, "the trailer counts " + node.path("events").asLong(-1)
						+ " events, the export holds " + this.events);
			}
			this.ended = true;
		}

		Report finish() {
			if (this.header == null) {
				throw new Broken(1, "the export is empty");
			}
			if (!this.ended) {
				throw new Broken(this.position + 1,
						"the export is cut short: no trailer after position " + this.position);
			}
			if (this.position != this.to) {
				throw new Broken(this.position + 1,
						"the export ends at position " + this.position + ", its header says " + this.to);
			}
			if (this.lastCheckpoint == null || this.lastCheckpoint != this.to) {
				throw new Broken(this.position,
						"no signed checkpoint at position " + this.to + ": the export proves nothing up to there");
			}
			return new Report(true, this.events, null, null, this.lastCheckpoint, this.lastCheckpointAt, this.keys,
					ExportVerifier.this.trustedKeys != null);
		}

		private String issuer() {
			return (this.header != null) ? this.header.path("issuer").asString("") : "";
		}

		private static String text(JsonNode node, String name) {
			if (!node.path(name).isString()) {
				throw new IllegalArgumentException(name);
			}
			return node.path(name).asString();
		}

		private static @Nullable String optional(JsonNode node, String name) {
			return node.path(name).isString() ? node.path(name).asString() : null;
		}

		private static @Nullable Long longClaim(JWTClaimsSet claims, String name) {
			try {
				return claims.getLongClaim(name);
			}
			catch (ParseException ex) {
				return null;
			}
		}

		private static @Nullable String stringClaim(JWTClaimsSet claims, String name) {
			try {
				return claims.getStringClaim(name);
			}
			catch (ParseException ex) {
				return null;
			}
		}

	}

	private record Checkpoint(String head, @Nullable Instant signedAt) {
	}

	/**
	 * Why the check stopped.
	 */
	private static final class Broken extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final long position;

		Broken(long position, String reason) {
			super(reason);
			this.position = position;
		}

	}

}
