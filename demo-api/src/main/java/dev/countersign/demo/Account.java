package dev.countersign.demo;

import java.math.BigDecimal;

/**
 * A bank account of the demo.
 *
 * @param id the account id
 * @param owner the user who owns it
 * @param balance the balance
 * @param currency ISO 4217 currency code
 */
public record Account(String id, String owner, BigDecimal balance, String currency) {
}
