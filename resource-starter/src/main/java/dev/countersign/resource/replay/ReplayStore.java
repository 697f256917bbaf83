package dev.countersign.resource.replay;

import java.time.Instant;

/**
 * Remembers which action tokens were used, so each is accepted once. Implementations must
 * be atomic: of any number of concurrent calls for one {@code jti}, across every instance
 * that shares the store, exactly one answers {@code true}.
 */
@FunctionalInterface
public interface ReplayStore {

	/**
	 * Marks a token used.
	 * @param jti the token's id
	 * @param expiresAt until when the token could be presented (its {@code exp} plus the
	 * clock skew); the store may forget the id after that
	 * @return {@code true} when this call was the first use
	 * @throws ReplayStoreUnavailableException when the store cannot answer; the request
	 * must then fail closed
	 */
	boolean markUsed(String jti, Instant expiresAt);

}
