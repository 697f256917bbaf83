package dev.countersign.demo;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The demo's accounts, in memory and reset at every start: alice owns {@code acc-1} and
 * {@code acc-2}, bob owns {@code acc-3}, each holding 10,000.00 EUR.
 */
@Component
public final class AccountStore {

	private static final BigDecimal OPENING_BALANCE = new BigDecimal("10000.00");

	private final Map<String, Account> accounts = new ConcurrentHashMap<>();

	public AccountStore() {
		reset();
	}

	/**
	 * Puts the demo data back as it is at start.
	 */
	public void reset() {
		this.accounts.clear();
		add(new Account("acc-1", "alice", OPENING_BALANCE, "EUR"));
		add(new Account("acc-2", "alice", OPENING_BALANCE, "EUR"));
		add(new Account("acc-3", "bob", OPENING_BALANCE, "EUR"));
	}

	/**
	 * The accounts of one owner.
	 * @param owner the user name
	 * @return the accounts, by id
	 */
	public List<Account> findByOwner(String owner) {
		return this.accounts.values()
			.stream()
			.filter((account) -> account.owner().equals(owner))
			.sorted(Comparator.comparing(Account::id))
			.toList();
	}

	private void add(Account account) {
		this.accounts.put(account.id(), account);
	}

}
