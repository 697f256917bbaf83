package dev.countersign.authz.keys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link SigningKeyRepository} in memory, for unit tests.
 */
final class InMemorySigningKeyRepository implements SigningKeyRepository {

	private static final Comparator<StoredSigningKey> NEWEST_FIRST = Comparator.comparing(StoredSigningKey::activatesAt)
		.thenComparing(StoredSigningKey::createdAt)
		.reversed();

	final List<StoredSigningKey> keys = new ArrayList<>();

	int locks;

	@Override
	public List<StoredSigningKey> findAll() {
		return this.keys.stream().sorted(NEWEST_FIRST).toList();
	}

	@Override
	public List<StoredSigningKey> findServedAt(Instant now) {
		return this.keys.stream().filter((key) -> key.isServedAt(now)).sorted(NEWEST_FIRST).toList();
	}

	@Override
	public void insert(StoredSigningKey key) {
		this.keys.add(key);
	}

	@Override
	public int retireAllExcept(String exceptKid, Instant retiresAt) {
		int changed = 0;
		for (int i = 0; i < this.keys.size(); i++) {
			StoredSigningKey key = this.keys.get(i);
			if (key.retiresAt() == null && !key.kid().equals(exceptKid)) {
				this.keys.set(i, new StoredSigningKey(key.kid(), key.algorithm(), key.publicJwk(),
						key.encryptedPrivateKey(), key.createdAt(), key.activatesAt(), retiresAt));
				changed++;
			}
		}
		return changed;
	}

	@Override
	public void lockForChange() {
		this.locks++;
	}

}
