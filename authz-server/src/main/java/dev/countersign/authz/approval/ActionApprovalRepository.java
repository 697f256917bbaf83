package dev.countersign.authz.approval;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Storage of approval requests. Methods that change a row are called inside a transaction
 * that first read it with {@link #findByIdForUpdate}.
 */
public interface ActionApprovalRepository {

	/**
	 * Adds an approval.
	 * @param approval the approval
	 */
	void insert(ActionApproval approval);

	/**
	 * Reads an approval and locks it until the transaction ends, so that two decisions or
	 * two mints can never both succeed.
	 * @param id the id
	 * @return the approval, or {@code null}
	 */
	@Nullable ActionApproval findByIdForUpdate(String id);

	/**
	 * An approval, not locked.
	 * @param id the id
	 * @return the approval, or {@code null} when there is none
	 */
	@Nullable ActionApproval findById(String id);

	/**
	 * Writes back every changeable column of an approval.
	 * @param approval the approval
	 */
	void update(ActionApproval approval);

	/**
	 * Serializes approval requests of one subject until the transaction ends, so limits
	 * are counted exactly.
	 * @param subject the subject, qualified with its issuer
	 * ({@link ActionApproval#qualify})
	 */
	void lockSubject(String subject);

	/**
	 * The expiry times of a subject's open (pending or approved, unexpired) approvals.
	 * @param issuer the subject's trusted issuer, or {@code null} for this server
	 * @param subject the subject
	 * @param now the time
	 * @return the expiry times, earliest first
	 */
	List<Instant> openExpiries(@Nullable String issuer, String subject, Instant now);

	/**
	 * The creation times of a subject's approvals since a time.
	 * @param issuer the subject's trusted issuer, or {@code null} for this server
	 * @param subject the subject
	 * @param since the start of the window
	 * @return the creation times, earliest first
	 */
	List<Instant> createdSince(@Nullable String issuer, String subject, Instant since);

	/**
	 * Ids of open approvals past their lifetime.
	 * @param now the time
	 * @param limit how many at most
	 * @return the ids
	 */
	List<String> findDue(Instant now, int limit);

	/**
	 * The pending approvals of one person, newest first: those asked with the person's
	 * tokens of a trusted issuer and those asked with this server's tokens issued to
	 * them.
	 * @param issuer the person's trusted issuer, or {@code null} for this server's user
	 * @param subject the subject
	 * @param now the time
	 * @param limit how many at most
	 * @return the approvals
	 */
	List<ActionApproval> findPending(@Nullable String issuer, String subject, Instant now, int limit);

	/**
	 * Reads the approval an action token was minted from and locks it until the
	 * transaction ends, so that of any number of concurrent uses of one {@code jti}
	 * exactly one is the first.
	 * @param jti the token id
	 * @return the approval, or {@code null}
	 */
	@Nullable ActionApproval findByTokenJtiForUpdate(String jti);

	/**
	 * Marks the action token of a locked approval used.
	 * @param id the approval
	 * @param consumer the resource server client
	 * @param now the time
	 */
	void markConsumed(String id, String consumer, Instant now);

	/**
	 * The approval an action token was minted from.
	 * @param jti the token id
	 * @return the approval, or {@code null}
	 */
	@Nullable ActionApproval findByTokenJti(String jti);

	/**
	 * Ids of the approvals of a grant that can still lead to an action: pending,
	 * approved, or issued and not used.
	 * @param authorizationId the authorization (grant) of their base tokens
	 * @return the ids
	 */
	List<String> findRevocableByAuthorization(String authorizationId);

	/**
	 * Ids of the approvals made with one base token that can still lead to an action.
	 * @param baseTokenHash base64url SHA-256 of the base token
	 * @return the ids
	 */
	List<String> findRevocableByBaseToken(String baseTokenHash);

	/**
	 * The outcome of marking an action token used.
	 */
	enum Consumption {

		/** This call used the token. */
		FIRST_USE,

		/** The token had been used before. */
		ALREADY_USED,

		/** The grant of the token's base token was revoked. */
		REVOKED,

		/**
		 * No token of that id was issued, or it was issued for a resource the calling
		 * resource server does not serve: the two are answered alike.
		 */
		UNKNOWN

	}

}
