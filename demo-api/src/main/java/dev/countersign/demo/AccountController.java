package dev.countersign.demo;

import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /accounts}: the caller's accounts, for a plain access token with scope
 * {@code accounts.read}; the baseline the protected routes are measured against.
 */
@RestController
final class AccountController {

	private final AccountStore accounts;

	AccountController(AccountStore accounts) {
		this.accounts = accounts;
	}

	@GetMapping("/accounts")
	List<Account> accounts(@AuthenticationPrincipal Jwt jwt) {
		return this.accounts.findByOwner(jwt.getSubject());
	}

}
