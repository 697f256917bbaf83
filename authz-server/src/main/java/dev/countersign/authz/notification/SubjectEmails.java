package dev.countersign.authz.notification;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.util.Assert;

/**
 * Where users are reached by e-mail, by qualified subject: a user of this server by name
 * (from the user store's configuration), a subject of a trusted issuer as
 * {@code issuer#sub} (the {@code email} claim of the last ID token it signed in with).
 */
public final class SubjectEmails {

	private static final String UPSERT = "INSERT INTO subject_email (subject, email, updated_at) VALUES (?, ?, ?) "
			+ "ON CONFLICT (subject) DO UPDATE SET email = EXCLUDED.email, updated_at = EXCLUDED.updated_at "
			+ "WHERE subject_email.email <> EXCLUDED.email";

	private static final String FIND = "SELECT email FROM subject_email WHERE subject = ?";

	private static final String SUBJECTS_OF = "SELECT subject FROM subject_email WHERE lower(email) = lower(?) LIMIT 2";

	private final JdbcOperations jdbc;

	public SubjectEmails(JdbcOperations jdbc) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
	}

	/**
	 * Keeps a subject's address.
	 * @param subject the qualified subject
	 * @param email the address
	 * @param now the time
	 */
	public void put(String subject, String email, Instant now) {
		Assert.hasText(subject, "subject cannot be empty");
		Assert.isTrue(isAddress(email), "not an e-mail address");
		this.jdbc.update(UPSERT, subject, email, Timestamp.from(now));
	}

	/**
	 * A subject's address.
	 * @param subject the qualified subject
	 * @return the address, or {@code null} when none is known
	 */
	public @Nullable String find(String subject) {
		List<String> found = this.jdbc.queryForList(FIND, String.class, subject);
		return found.isEmpty() ? null : found.get(0);
	}

	/**
	 * The subjects with an address, for a hint that names the user by it.
	 * @param email the address
	 * @return the subjects, at most two (two are ambiguous)
	 */
	public List<String> subjectsOf(String email) {
		return this.jdbc.queryForList(SUBJECTS_OF, String.class, email);
	}

	/**
	 * Whether a value is an address that can be written into a mail header as it is: one
	 * {@code @}, no white space, no control or header characters, at most 320 characters.
	 * @param email the value
	 * @return {@code true} when it is
	 */
	public static boolean isAddress(@Nullable String email) {
		return email != null && email.length() <= 320
				&& email.matches("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?");
	}

}
