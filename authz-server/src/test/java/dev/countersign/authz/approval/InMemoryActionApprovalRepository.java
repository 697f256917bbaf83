package dev.countersign.authz.approval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An {@link ActionApprovalRepository} in a map, for unit tests of the approval providers
 * and service: the same queries as {@link JdbcActionApprovalRepository}, without locks
 * (one thread).
 */
public final class InMemoryActionApprovalRepository implements ActionApprovalRepository {

	private final Map<String, ActionApproval> approvals = new LinkedHashMap<>();

	@Override
	public void insert(ActionApproval approval) {
		if (this.approvals.putIfAbsent(approval.id(), approval) != null) {
			throw new IllegalStateException("approval " + approval.id() + " exists");
		}
	}

	@Override
	public @Nullable ActionApproval findByIdForUpdate(String id) {
		return this.approvals.get(id);
	}

	@Override
	public @Nullable ActionApproval findById(String id) {
		return this.approvals.get(id);
	}

	@Override
	public void update(ActionApproval approval) {
		if (this.approvals.replace(approval.id(), approval) == null) {
			throw new IllegalStateException("no approval " + approval.id());
		}
	}

	@Override
	public void lockSubject(String subject) {
	}

	@Override
	public List<Instant> openExpiries(@Nullable String issuer, String subject, Instant now) {
		return this.approvals.values()
			.stream()
			.filter((approval) -> approval.subject().equals(subject) && Objects.equals(approval.subjectIssuer(), issuer)
					&& approval.status().isOpen() && approval.expiresAt().isAfter(now))
			.map(ActionApproval::expiresAt)
			.sorted()
			.toList();
	}

	@Override
	public List<Instant> createdSince(@Nullable String issuer, String subject, Instant since) {
		return this.approvals.values()
			.stream()
			.filter((approval) -> approval.subject().equals(subject) && Objects.equals(approval.subjectIssuer(), issuer)
					&& !approval.createdAt().isBefore(since))
			.map(ActionApproval::createdAt)
			.sorted()
			.toList();
	}

	@Override
	public List<String> findDue(Instant now, int limit) {
		return this.approvals.values()
			.stream()
			.filter((approval) -> approval.isDue(now))
			.sorted(Comparator.comparing(ActionApproval::expiresAt))
			.limit(limit)
			.map(ActionApproval::id)
			.toList();
	}

	@Override
	public List<ActionApproval> findPending(@Nullable String issuer, String subject, Instant now, int limit) {
		String qualified = ActionApproval.qualify(issuer, subject);
		return this.approvals.values()
			.stream()
			.filter((approval) -> approval.qualifiedSubject().equals(qualified)
					&& approval.status() == ApprovalStatus.PENDING && approval.expiresAt().isAfter(now))
			.sorted(Comparator.comparing(ActionApproval::createdAt).reversed())
			.limit(limit)
			.toList();
	}

	@Override
	public @Nullable ActionApproval findByTokenJtiForUpdate(String jti) {
		return findByTokenJti(jti);
	}

	@Override
	public void markConsumed(String id, String consumer, Instant now) {
		ActionApproval approval = Objects.requireNonNull(this.approvals.get(id));
		this.approvals.put(id, approval.toBuilder().consumedAt(now).consumedBy(consumer).build());
	}

	@Override
	public @Nullable ActionApproval findByTokenJti(String jti) {
		return this.approvals.values()
			.stream()
			.filter((approval) -> jti.equals(approval.tokenJti()))
			.findFirst()
			.orElse(null);
	}

	@Override
	public List<String> findRevocableByAuthorization(String authorizationId) {
		return ids((approval) -> authorizationId.equals(approval.authorizationId()));
	}

	@Override
	public List<String> findRevocableByBaseToken(String baseTokenHash) {
		return ids((approval) -> baseTokenHash.equals(approval.baseTokenHash()));
	}

	/**
	 * Every stored approval, in the order they were asked.
	 * @return the approvals
	 */
	public List<ActionApproval> all() {
		return new ArrayList<>(this.approvals.values());
	}

	private List<String> ids(java.util.function.Predicate<ActionApproval> filter) {
		return this.approvals.values()
			.stream()
			.filter((approval) -> approval.consumedAt() == null)
			.filter(filter)
			.map(ActionApproval::id)
			.toList();
	}

}
