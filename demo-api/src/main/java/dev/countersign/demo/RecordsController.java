package dev.countersign.demo;

import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.countersign.resource.web.ActionMode;
import dev.countersign.resource.web.RequiresApproval;

/**
 * {@code GET /customers/{customerId}/records}: query-level approval ({@code grant} mode)
 * of {@code records.read}. A token may read a customer's records only when one of its
 * granted {@code authorization_details} admits that customer.
 */
@RestController
final class RecordsController {

	private static final Map<String, List<String>> RECORDS = Map.of("42",
			List.of("2026-01-12 KYC check passed", "2026-03-02 address changed"), "43",
			List.of("2026-02-20 card replaced"));

	@GetMapping("/customers/{customerId}/records")
	@RequiresApproval(type = "records.read", mode = ActionMode.GRANT, parameters = "customerId=path:customerId")
	ResponseEntity<Map<String, Object>> records(@PathVariable String customerId) {
		List<String> records = RECORDS.get(customerId);
		if (records == null) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok(Map.of("customerId", customerId, "records", records));
	}

}
