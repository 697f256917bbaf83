package dev.countersign.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.countersign.resource.web.ActionMode;
import dev.countersign.resource.web.RequiresApproval;

/**
 * {@code PATCH /orders/{orderId}}: query-level approval of {@code orders.update}; a grant
 * may limit the body members a request sets ({@code fields}). Orders {@code 7} and
 * {@code 8} exist, reset at every start.
 */
@RestController
final class OrderController {

	private final Map<String, Map<String, Object>> orders = new ConcurrentHashMap<>();

	OrderController() {
		this.orders.put("7", new LinkedHashMap<>(Map.of("orderId", "7", "status", "open", "note", "")));
		this.orders.put("8", new LinkedHashMap<>(Map.of("orderId", "8", "status", "open", "note", "")));
	}

	@PatchMapping("/orders/{orderId}")
	@RequiresApproval(type = "orders.update", mode = ActionMode.GRANT, parameters = "orderId=path:orderId")
	ResponseEntity<Map<String, Object>> update(@PathVariable String orderId, @RequestBody Map<String, Object> changes) {
		Map<String, Object> order = this.orders.get(orderId);
		if (order == null) {
			return ResponseEntity.notFound().build();
		}
		synchronized (order) {
			changes.forEach((name, value) -> {
				if (!name.equals("orderId")) {
					order.put(name, value);
				}
			});
			return ResponseEntity.ok(new LinkedHashMap<>(order));
		}
	}

}
