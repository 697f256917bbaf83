package dev.countersign.demo;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
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
		// demo data, reset at every start
		add(new Account("acc-1", "alice", OPENING_BALANCE, "EUR"));
		add(new Account("acc-2", "alice", OPENING_BALANCE, "EUR"));
		add(new Account("acc-3", "bob", OPENING_BALANCE, "EUR"));
	}

	/**
	 * The accounts of one owner.
	 * @param owner the user name
	 * @return the accounts, by id
	 */
	public List<Account> findByOwner(@Nullable String owner) {
		return this.accounts.values()
			.stream()
			.filter((account) -> account.owner().equals(owner))
			.sorted(Comparator.comparing(Account::id))
			.toList();
	}

	/**
	 * Moves money out of one of the owner's accounts.
	 * @param owner the user
	 * @param accountId the account to debit
	 * @param toIban where the money goes
	 * @param amount how much
	 * @param currency its currency, the account's
	 * @return the transfer, or {@code null} when the owner has no such account
	 * @throws IllegalStateException when the balance does not cover it
	 */
	public synchronized @Nullable Transfer transfer(@Nullable String owner, String accountId, String toIban,
			BigDecimal amount, String currency) {
		Account account = this.accounts.get(accountId);
		if (account == null || !account.owner().equals(owner)) {
			return null;
		}
		if (!account.currency().equals(currency) || amount.signum() <= 0 || account.balance().compareTo(amount) < 0) {
			throw new IllegalStateException(
					"the balance of " + accountId + " does not cover " + amount + " " + currency);
		}
		Account debited = new Account(account.id(), account.owner(), account.balance().subtract(amount),
				account.currency());
		this.accounts.put(accountId, debited);
		return new Transfer(java.util.UUID.randomUUID().toString(), accountId, toIban, amount, currency,
				debited.balance());
	}

	/**
	 * Closes one of the owner's accounts.
	 * @param owner the user
	 * @param accountId the account
	 * @return the closed account, or {@code null} when the owner has no such account
	 */
	public @Nullable Account close(@Nullable String owner, String accountId) {
		Account account = this.accounts.get(accountId);
		if (account == null || !account.owner().equals(owner)) {
			return null;
		}
		return this.accounts.remove(accountId);
	}

	private void add(Account account) {
		this.accounts.put(account.id(), account);
	}

}
