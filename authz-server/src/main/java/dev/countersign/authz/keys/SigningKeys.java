package dev.countersign.authz.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * The signing keys of this authorization server: one signs, older ones keep verifying
 * until they retire. Keys are generated once and kept in the database, so tokens minted
 * before a restart still verify after it; every instance reads the same table.
 * <p>
 * Each instance keeps a copy of the table for {@code countersign.keys.refresh-interval},
 * or until the next scheduled activation or retirement, whichever comes first.
 */
public final class SigningKeys {

	/** The JWS algorithms signing keys may use. */
	public static final Set<String> SUPPORTED_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
			"ES256", "ES384", "ES512");

	private static final Log logger = LogFactory.getLog(SigningKeys.class);

	/** How soon a reload is tried again after the database did not answer. */
	private static final Duration RETRY_RELOAD = Duration.ofSeconds(5);

	private final SigningKeyRepository repository;

	private final PrivateKeyEncryptor encryptor;

	private final TransactionOperations transactions;

	private final SigningKeySettings properties;

	private final SigningKeyGenerator generator;

	private Clock clock = Clock.systemUTC();

	private volatile @Nullable Snapshot snapshot;

	public SigningKeys(SigningKeyRepository repository, PrivateKeyEncryptor encryptor,
			TransactionOperations transactions, SigningKeySettings properties) {
		Assert.notNull(repository, "repository cannot be null");
		Assert.notNull(encryptor, "encryptor cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		this.repository = repository;
		this.encryptor = encryptor;
		this.transactions = transactions;
		this.properties = properties;
		this.generator = new SigningKeyGenerator(properties.algorithm(), properties.rsaKeySize());
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Makes sure a key can sign now, generating the first one on a new database, and
	 * checks that every stored key decrypts. Called once at start-up; safe when several
	 * instances start together.
	 */
	public void initialize() {
		this.transactions.executeWithoutResult((status) -> {
			this.repository.lockForChange();
			Instant now = this.clock.instant();
			boolean anyActive = this.repository.findServedAt(now).stream().anyMatch((key) -> key.isActiveAt(now));
			if (!anyActive) {
				StoredSigningKey key = store(now, now);
				logger.info("Generated signing key " + key.kid() + " (" + key.algorithm() + ")");
			}
		});
		reload();
	}

	/**
	 * Adds a new key. It is published at once and signs after
	 * {@code countersign.keys.activation-delay}; every older key not yet scheduled for
	 * retirement retires {@code countersign.keys.retire-after} after that.
	 * @return the new key
	 */
	public SigningKeyDescription rotate() {
		StoredSigningKey key = this.transactions.execute((status) -> {
			this.repository.lockForChange();
			Instant now = this.clock.instant();
			Instant activatesAt = now.plus(this.properties.activationDelay());
			StoredSigningKey added = store(now, activatesAt);
			this.repository.retireAllExcept(added.kid(), activatesAt.plus(this.properties.retireAfter()));
			return added;
		});
		Assert.state(key != null, "rotation did not store a key");
		logger.info("Rotated signing keys: " + key.kid() + " signs from " + key.activatesAt());
		Snapshot reloaded = reload();
		return SigningKeyDescription.of(key, reloaded.signingKid(), this.clock.instant());
	}

	/**
	 * The keys to serve: the signing key with its private part, the others public only.
	 * @return the current key set
	 */
	public JWKSet jwkSet() {
		return current().jwkSet();
	}

	/**
	 * The JWS algorithm of the key that signs now.
	 * @return the algorithm name, such as {@code RS256}
	 */
	public String signingAlgorithm() {
		return current().signingAlgorithm();
	}

	/**
	 * Every stored key, newest first.
	 * @return the descriptions
	 */
	public List<SigningKeyDescription> describe() {
		Instant now = this.clock.instant();
		String signingKid = current().signingKid();
		return this.repository.findAll().stream().map((key) -> SigningKeyDescription.of(key, signingKid, now)).toList();
	}

	private Snapshot current() {
		Snapshot current = this.snapshot;
		if (current != null && this.clock.instant().isBefore(current.validUntil())) {
			return current;
		}
		synchronized (this) {
			current = this.snapshot;
			// another thread may have reloaded while this one waited
			if (current != null && this.clock.instant().isBefore(current.validUntil())) {
				return current;
			}
			try {
				return reload();
			}
			catch (DataAccessException ex) {
				if (current == null) {
					throw ex;
				}
				// keys change rarely and are loaded: serve them while the database is
				// away, ask again soon
				logger.warn("Signing keys not reloaded, the database is unreachable; serving the keys read at start or "
						+ "last reload until it answers: " + ex.getMessage());
				Snapshot kept = new Snapshot(current.jwkSet(), current.signingKid(), current.signingAlgorithm(),
						this.clock.instant().plus(RETRY_RELOAD));
				this.snapshot = kept;
				return kept;
			}
		}
	}

	private synchronized Snapshot reload() {
		Instant now = this.clock.instant();
		List<StoredSigningKey> served = this.repository.findServedAt(now);
		StoredSigningKey signing = served.stream()
			.filter((key) -> key.isActiveAt(now))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No signing key is active; restart to generate one"));
		Instant validUntil = now.plus(this.properties.refreshInterval());
		List<JWK> jwks = new ArrayList<>();
		for (StoredSigningKey key : served) {
			if (key == signing) {
				jwks.add(0, SigningKeyGenerator.withPrivate(key.publicJwk(),
						this.encryptor.decrypt(key.encryptedPrivateKey(), key.kid())));
			}
			else {
				// every stored key must decrypt: a wrong encryption key fails now, not at
				// rotation
				this.encryptor.decrypt(key.encryptedPrivateKey(), key.kid());
				jwks.add(SigningKeyGenerator.parsePublic(key.publicJwk()));
			}
			validUntil = earliestChange(key, now, validUntil);
		}
		Snapshot reloaded = new Snapshot(new JWKSet(jwks), signing.kid(), signing.algorithm(), validUntil);
		this.snapshot = reloaded;
		return reloaded;
	}

	private static Instant earliestChange(StoredSigningKey key, Instant now, Instant validUntil) {
		Instant result = validUntil;
		if (key.activatesAt().isAfter(now) && key.activatesAt().isBefore(result)) {
			result = key.activatesAt();
		}
		Instant retiresAt = key.retiresAt();
		if (retiresAt != null && retiresAt.isBefore(result)) {
			result = retiresAt;
		}
		return result;
	}

	private StoredSigningKey store(Instant now, Instant activatesAt) {
		String kid = UUID.randomUUID().toString();
		JWK jwk = this.generator.generate(kid);
		byte[] encrypted = this.encryptor.encrypt(SigningKeyGenerator.encodePrivate(jwk), kid);
		StoredSigningKey key = new StoredSigningKey(kid, this.generator.algorithm().getName(),
				jwk.toPublicJWK().toJSONString(), encrypted, now, activatesAt, null);
		this.repository.insert(key);
		return key;
	}

	private record Snapshot(JWKSet jwkSet, String signingKid, String signingAlgorithm, Instant validUntil) {
	}

}
