package dev.countersign.demo;

import java.math.BigDecimal;

/**
 * A transfer the demo carried out.
 *
 * @param id the transfer id
 * @param fromAccount the debited account
 * @param toIban the beneficiary
 * @param amount the amount
 * @param currency its currency
 * @param balanceAfter the account's balance afterwards
 */
public record Transfer(String id, String fromAccount, String toIban, BigDecimal amount, String currency,
		BigDecimal balanceAfter) {
}
