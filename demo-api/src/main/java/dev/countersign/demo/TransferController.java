package dev.countersign.demo;

import java.math.BigDecimal;
import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.countersign.resource.web.RequiresApproval;

/**
 * The Just-In-Time routes: {@code POST /accounts/{accountId}/transfers}
 * ({@code payments.transfer}) and {@code DELETE /accounts/{accountId}}
 * ({@code accounts.close}). The controller holds no check of its own: the starter has
 * verified the action token against this very request before it runs.
 */
@RestController
final class TransferController {

	private final AccountStore accounts;

	TransferController(AccountStore accounts) {
		this.accounts = accounts;
	}

	@PostMapping("/accounts/{accountId}/transfers")
	@RequiresApproval(type = "payments.transfer", parameters = { "fromAccount=path:accountId", "toIban=body:/toIban",
			"amount=body:/amount", "currency=body:/currency" })
	ResponseEntity<Transfer> transfer(@PathVariable String accountId, @RequestBody TransferRequest request,
			@AuthenticationPrincipal Jwt jwt) {
		Transfer transfer = this.accounts.transfer(jwt.getSubject(), accountId, request.toIban(), request.amount(),
				request.currency());
		if (transfer == null) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.created(URI.create("/accounts/" + accountId + "/transfers/" + transfer.id()))
			.body(transfer);
	}

	@DeleteMapping("/accounts/{accountId}")
	@RequiresApproval(type = "accounts.close", parameters = "accountId=path:accountId")
	ResponseEntity<Account> close(@PathVariable String accountId, @AuthenticationPrincipal Jwt jwt) {
		Account closed = this.accounts.close(jwt.getSubject(), accountId);
		return (closed != null) ? ResponseEntity.ok(closed) : ResponseEntity.notFound().build();
	}

	@ExceptionHandler(IllegalStateException.class)
	ProblemDetail refused(IllegalStateException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

	/**
	 * The body of a transfer.
	 *
	 * @param toIban the beneficiary
	 * @param amount the amount
	 * @param currency its currency
	 */
	record TransferRequest(String toIban, BigDecimal amount, String currency) {
	}

}
