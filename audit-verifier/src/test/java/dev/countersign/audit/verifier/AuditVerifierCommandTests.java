package dev.countersign.audit.verifier;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.countersign.core.StrictJson;
import dev.countersign.core.audit.AuditChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code countersign-audit verify} on exports written here line by line as the server
 * writes them: a faithful export is proven; a changed, removed, inserted or reordered
 * event, a cut-short file, events past the last checkpoint and a chain re-signed with
 * another key are not.
 */
class AuditVerifierCommandTests {

	private static final String ISSUER = "https://issuer.example";

	private static RSAKey serverKey;

	private static RSAKey otherKey;

	@TempDir
	Path directory;

	@BeforeAll
	static void keys() throws Exception {
		serverKey = new RSAKeyGenerator(2048).keyID("server-1").algorithm(JWSAlgorithm.RS256).generate();
		otherKey = new RSAKeyGenerator(2048).keyID("server-1").algorithm(JWSAlgorithm.RS256).generate();
	}

	@Test
	void verifyWhenExportFaithfulThenProvenWithExitZero() throws Exception {
		Result result = run(export(5, 1, List.of(3L, 5L), serverKey).lines(), "--jwks", jwks(serverKey));

		assertThat(result.status()).isZero();
		assertThat(result.out()).contains("PROVEN: 5 events, complete and unchanged up to the checkpoint at position 5")
			.contains("checkpoints signed with server-1 (SHA-256 thumbprint " + serverKey.computeThumbprint() + ")")
			.doesNotContain("taken from the export");
	}

	@Test
	void verifyWhenNoKeysGivenThenProvenWithTheExportsKeysAndSaysSo() throws Exception {
		Result result = run(export(3, 1, List.of(3L), serverKey).lines());

		assertThat(result.status()).isZero();
		assertThat(result.out()).contains("the keys were taken from the export itself");
	}

	@Test
	void verifyWhenEventChangedThenBrokenAtItsPosition() throws Exception {
		List<String> lines = export(5, 1, List.of(5L), serverKey).lines();
		replace(lines, 3, "\"outcome\":\"pending\"", "\"outcome\":\"approved\"");

		Result result = run(lines, "--jwks", jwks(serverKey));
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.out()).startsWith("BROKEN at position 2: hash does not match the event's content");
	}

	@Test
	void verifyWhenEventRemovedThenTheGapIsFound() throws Exception {
		List<String> lines = export(5, 1, List.of(5L), serverKey).lines();
		lines.remove(4);

		assertThat(run(lines).out()).startsWith("BROKEN at position 3: the event at position 3 is missing");
	}

	@Test
	void verifyWhenEventsSwappedThenBroken() throws Exception {
		List<String> lines = export(5, 1, List.of(5L), serverKey).lines();
		String third = lines.get(4);
		lines.set(4, lines.get(5));
		lines.set(5, third);

		assertThat(run(lines).status()).isEqualTo(1);
	}

	@Test
	void verifyWhenCutShortThenBroken() throws Exception {
		List<String> lines = export(5, 1, List.of(5L), serverKey).lines();

		assertThat(run(lines.subList(0, lines.size() - 1)).out()).contains("the export is cut short");
		assertThat(run(lines.subList(0, lines.size() - 2)).out()).contains("the export is cut short");
	}

	@Test
	void verifyWhenEventsPastTheLastCheckpointThenNotProven() throws Exception {
		Result result = run(export(5, 1, List.of(3L), serverKey).lines());

		assertThat(result.status()).isEqualTo(1);
		assertThat(result.out()).contains("no signed checkpoint at position 5");
	}

	@Test
	void verifyWhenChainRewrittenAndResignedWithAnotherKeyThenTheGivenKeysRefuseIt() throws Exception {
		Export forged = export(5, 1, List.of(5L), otherKey);

		Result pinned = run(forged.lines(), "--jwks", jwks(serverKey));
		assertThat(pinned.status()).isEqualTo(1);
		assertThat(pinned.out()).contains("the signature of the checkpoint at position 5 does not verify");
		// without pinned keys the export is consistent, and the thumbprint gives it away
		Result unpinned = run(forged.lines());
		assertThat(unpinned.status()).isZero();
		assertThat(unpinned.out()).contains(otherKey.computeThumbprint().toString())
			.doesNotContain(serverKey.computeThumbprint().toString());
	}

	@Test
	void verifyWhenCheckpointHeadDiffersFromTheChainThenBroken() throws Exception {
		Export export = export(4, 1, List.of(4L), serverKey);
		List<String> lines = export.lines();
		// a checkpoint signed by the server over another chain, spliced in
		lines.set(1, checkpoint(4, "f".repeat(64), serverKey));

		assertThat(run(lines).out())
			.startsWith("BROKEN at position 4: the chain differs from the checkpoint signed at position 4");
	}

	@Test
	void verifyWhenSegmentReleasedThenTheExportIsAnchoredByTheCheckpointBefore() throws Exception {
		Export full = export(6, 1, List.of(3L, 6L), serverKey);
		Export tail = full.from(4);

		assertThat(run(tail.lines(), "--jwks", jwks(serverKey)).out()).startsWith("PROVEN: 3 events");
		List<String> unanchored = tail.lines();
		unanchored.remove(1);
		assertThat(run(unanchored).out()).contains("no signed checkpoint at position 3 anchors it");
	}

	@Test
	void runWhenUsedWronglyThenExitTwo() throws Exception {
		assertThat(AuditVerifierCommand.run(List.of(), System.out, quiet())).isEqualTo(2);
		assertThat(AuditVerifierCommand.run(List.of("check", "x"), System.out, quiet())).isEqualTo(2);
		assertThat(AuditVerifierCommand.run(List.of("verify", "/nonexistent/export.ndjson"), System.out, quiet()))
			.isEqualTo(2);
		assertThat(AuditVerifierCommand.run(List.of("verify", "x", "--colour", "red"), System.out, quiet()))
			.isEqualTo(2);
	}

	private Result run(List<String> lines, String... options) throws IOException {
		Path file = Files.createTempFile(this.directory, "export-", ".ndjson");
		Files.write(file, lines, StandardCharsets.UTF_8);
		List<String> args = new ArrayList<>(List.of("verify", file.toString()));
		args.addAll(List.of(options));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int status = AuditVerifierCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), quiet());
		return new Result(status, out.toString(StandardCharsets.UTF_8));
	}

	private String jwks(RSAKey key) throws IOException {
		Path file = Files.createTempFile(this.directory, "jwks-", ".json");
		Files.writeString(file, new JWKSet(key.toPublicJWK()).toString());
		return file.toString();
	}

	private static PrintStream quiet() {
		return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
	}

	private static void replace(List<String> lines, int index, String from, String to) {
		assertThat(lines.get(index)).contains(from);
		lines.set(index, lines.get(index).replace(from, to));
	}

	/**
	 * Writes an export as the server does: header, checkpoints, events, trailer.
	 */
	private static Export export(int events, long from, List<Long> checkpointPositions, RSAKey key) throws Exception {
		List<Map<String, @Nullable Object>> chain = new ArrayList<>();
		String prev = AuditChain.GENESIS;
		for (long position = 1; position <= events; position++) {
			Instant at = Instant.parse("2026-12-02T10:00:00Z").plusMillis(position * 1001);
			String row = AuditChain.canonicalRow(position + 10, at, "requested", "demo-client", "alice", "demo-client",
					"payments.transfer", "a-" + position, "{\"amount\":250}", "pending");
			String hash = AuditChain.link(prev, row);
			Map<String, @Nullable Object> line = new LinkedHashMap<>();
			line.put("type", "event");
			line.put("position", position);
			line.put("seq", position + 10);
			line.put("occurred_at", at.toString());
			line.put("event", "requested");
			line.put("actor", "demo-client");
			line.put("subject", "alice");
			line.put("client_id", "demo-client");
			line.put("action_type", "payments.transfer");
			line.put("approval_id", "a-" + position);
			line.put("parameters", "{\"amount\":250}");
			line.put("outcome", "pending");
			line.put("prev_hash", prev);
			line.put("hash", hash);
			chain.add(line);
			prev = hash;
		}
		Map<Long, String> checkpoints = new LinkedHashMap<>();
		for (long position : checkpointPositions) {
			checkpoints.put(position, checkpoint(position, (String) chain.get((int) position - 1).get("hash"), key));
		}
		return new Export(chain, checkpoints, from);
	}

	private static String checkpoint(long position, String head, RSAKey key) throws Exception {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType(AuditChain.CHECKPOINT_TYPE))
					.keyID(key.getKeyID())
					.build(),
				new JWTClaimsSet.Builder().issuer(ISSUER)
					.issueTime(Date.from(Instant.parse("2026-12-02T11:00:00Z")))
					.claim(AuditChain.POSITION_CLAIM, position)
					.claim(AuditChain.HEAD_CLAIM, head)
					.build());
		jwt.sign(new RSASSASigner(key));
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("type", "checkpoint");
		line.put("position", position);
		line.put("hash", head);
		line.put("kid", key.getKeyID());
		line.put("jwk", key.toPublicJWK().toJSONObject());
		line.put("jws", jwt.serialize());
		return StrictJson.write(line);
	}

	private record Result(int status, String out) {
	}

	/**
	 * An export's parts: the chain, the checkpoint lines by position, where it starts.
	 */
	private record Export(List<Map<String, @Nullable Object>> chain, Map<Long, String> checkpoints, long from) {

		Export from(long start) {
			return new Export(this.chain, this.checkpoints, start);
		}

		List<String> lines() {
			List<Map<String, @Nullable Object>> events = this.chain.subList((int) this.from - 1, this.chain.size());
			Map<String, @Nullable Object> header = new LinkedHashMap<>();
			header.put("type", "header");
			header.put("format", AuditChain.EXPORT_FORMAT);
			header.put("issuer", ISSUER);
			header.put("from_position", this.from);
			header.put("to_position", this.chain.size());
			header.put("prev_hash", events.get(0).get("prev_hash"));
			List<String> lines = new ArrayList<>();
			lines.add(StrictJson.write(header));
			this.checkpoints.forEach((position, line) -> {
				if (position >= this.from - 1) {
					lines.add(line);
				}
			});
			events.forEach((event) -> lines.add(StrictJson.write(event)));
			lines.add(StrictJson.write(Map.of("type", "end", "events", events.size())));
			return lines;
		}

	}

}
