package dev.countersign.authz.keys;

import java.time.Instant;
import java.util.List;

/**
 * Storage of signing keys.
 */
public interface SigningKeyRepository {

	/**
	 * Every key, newest first.
	 * @return the keys
	 */
	List<StoredSigningKey> findAll();

	/**
	 * The keys not retired at a given time, newest first.
	 * @param now the time
	 * @return the keys
	 */
	List<StoredSigningKey> findServedAt(Instant now);

	/**
	 * Adds a key.
	 * @param key the key
	 */
	void insert(StoredSigningKey key);

	/**
	 * Sets the retirement time of every key that has none, except one.
	 * @param exceptKid the key to leave alone
	 * @param retiresAt the retirement time
	 * @return how many keys were changed
	 */
	int retireAllExcept(String exceptKid, Instant retiresAt);

	/**
	 * Takes a lock that serializes key changes across instances until the current
	 * transaction ends.
	 */
	void lockForChange();

}
