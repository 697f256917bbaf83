package dev.countersign.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.countersign.core.StrictJson;

/**
 * How the audit chain links its events: each sealed event's {@code hash} is
 * SHA-256({@code prev_hash} || canonical row), the first one's {@code prev_hash} is
 * {@link #GENESIS}, so a changed, removed, inserted or reordered row breaks every link
 * after it.
 */
public final class AuditChain {

	/** The hash before the first event. */
	public static final String GENESIS = "0".repeat(64);

	/** The {@code typ} of a signed checkpoint: the chain head at one position. */
	public static final String CHECKPOINT_TYPE = "audit-checkpoint+jwt";

	/** The checkpoint claim holding the chain position. */
	public static final String POSITION_CLAIM = "position";

	/** The checkpoint claim holding the chain head's hash at that position. */
	public static final String HEAD_CLAIM = "head";

	/** The first line of an export names this format. */
	public static final String EXPORT_FORMAT = "countersign-audit-export/1";

	private AuditChain() {
	}

	/**
	 * The canonical form of an event: the fields the hash covers, in a fixed order, as
	 * one JSON array, unambiguous whatever the values contain.
	 * @param seq the event's number
	 * @param occurredAt when it happened, microsecond precision
	 * @param event what happened
	 * @param actor who did it
	 * @param subject the user the approval is for
	 * @param clientId the client that asked
	 * @param actionType the action type
	 * @param approvalId the approval
	 * @param parameters the parameters as requested
	 * @param outcome the result of the step
	 * @return the canonical row
	 */
	public static String canonicalRow(long seq, Instant occurredAt, String event, String actor,
			@Nullable String subject, @Nullable String clientId, @Nullable String actionType,
			@Nullable String approvalId, @Nullable String parameters, String outcome) {
		List<@Nullable Object> fields = Arrays.asList(seq, occurredAt.toString(), event, actor, subject, clientId,
				actionType, approvalId, parameters, outcome);
		return StrictJson.write(fields);
	}

	/**
	 * The hash of one link.
	 * @param prevHash the hash of the link before, hex
	 * @param canonicalRow the event's canonical form
	 * @return the SHA-256 of both, hex
	 */
	public static String link(String prevHash, String canonicalRow) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(prevHash.getBytes(StandardCharsets.US_ASCII));
			digest.update(canonicalRow.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
