package com.example.invoices;

import java.math.BigDecimal;
import java.util.Map;

import dev.countersign.resource.web.RequiresApproval;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class InvoiceController {

	@GetMapping("/invoices/{invoiceId}")
	Map<String, Object> invoice(@PathVariable String invoiceId) {
		return Map.of("invoiceId", invoiceId, "status", "open");
	}

	@PostMapping("/invoices/{invoiceId}/payments")
	@ResponseStatus(HttpStatus.CREATED)
	@RequiresApproval(type = "invoices.pay", parameters = { "invoiceId=path:invoiceId", "amount=body:/amount" })
	Map<String, Object> pay(@PathVariable String invoiceId, @RequestBody Payment payment) {
		return Map.of("invoiceId", invoiceId, "paid", payment.amount());
	}

	record Payment(BigDecimal amount) {
	}

}
