package dev.countersign.authz.approval;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Storage of approval requests. Methods that change a row are called inside a transaction that
 * first read it with {@link #findByIdForUpdate}.
 */
public interface ActionApprovalRepository {

	/**
	 * Adds an approval.
	 * @param approval the approval
	 */
	void insert(ActionApproval approval);

	/**
	 * Reads an approval.
	 * @param id the id
	 * @return the approval, or {@code null}
	 */
	@Nullable ActionApproval findById(String id);

	/**
	 * Reads an approval and locks it until the transaction ends, so that two decisions or two
	 * mints can never both succeed.
	 * @param id the id
	 * @return the approval, or {@code null}
	 */
	@Nullable ActionApproval findByIdForUpdate(String id);

	/**
	 * Writes back every changeable column of an approval.
	 * @param approval the approval
	 */
	void update(ActionApproval approval);

	/**
	 * Serializes approval requests of one subject until the transaction ends, so limits are
	 * counted exactly.
	 * @param subject the subject
	 */
	void lockSubject(String subject);

	/**
	 * The expiry times of a subject's open (pending or approved, unexpired) approvals.
	 * @param subject the subject
	 * @param now the time
	 * @return the expiry times, earliest first
	 */
	List<Instant> openExpiries(String subject, Instant now);

	/**
	 * The creation times of a subject's approvals since a time.
	 * @param subject the subject
	 * @param since the start of the window
	 * @return the creation times, earliest first
	 */
	List<Instant> createdSince(String subject, Instant since);

	/**
	 * Ids of open approvals past their lifetime.
	 * @param now the time
	 * @param limit how many at most
	 * @return the ids
	 */
	List<String> findDue(Instant now, int limit);

	/**
	 * Marks an action token used, atomically: of any number of concurrent calls for one
	 * {@code jti}, exactly one gets {@link Consumption#FIRST_USE}.
	 * @param jti the token id
	 * @param consumer the resource server client
	 * @param now the time
	 * @return what happened
	 */
	Consumption consume(String jti, String consumer, Instant now);

	/**
	 * The approval an action token was minted from.
	 * @param jti the token id
	 * @return the approval, or {@code null}
	 */
	@Nullable ActionApproval findByTokenJti(String jti);

	/**
	 * The outcome of {@link #consume}.
	 */
	enum Consumption {

		/** This call used the token. */
		FIRST_USE,

		/** The token had been used before. */
		ALREADY_USED,

		/** No token of that id was issued. */
		UNKNOWN

	}

}
