package dev.countersign.authz.approval.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import dev.countersign.authz.audit.AuditEvent;
import dev.countersign.authz.audit.AuditExporter;
import dev.countersign.authz.audit.AuditLog;

/**
 * The audit API, for access tokens with scope {@code audit.read}:
 * <ul>
 * <li>{@code GET /audit/events?subject=&type=&approval_id=&from=&to=&page=&size=}: events
 * in chain order, filtered and paged ({@code from}/{@code to} as ISO-8601 instants,
 * {@code size} at most 200);</li>
 * <li>{@code GET /audit/verification}: walks the hash chain and reports the first broken
 * link, or how many events wait to be sealed;</li>
 * <li>{@code GET /audit/export?to=}: the chain up to a checkpoint (the head, signed now,
 * when {@code to} is absent) as newline-delimited JSON, for {@code countersign-audit
 * verify}; scope {@code audit.export}.</li>
 * </ul>
 */
@RestController
final class AuditController {

	private static final Set<String> FILTERS = Set.of("subject", "type", "approval_id", "from", "to", "page", "size");

	private static final int MAX_PAGE_SIZE = 200;

	private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

	private final AuditLog audit;

	private final AuditExporter exporter;

	AuditController(AuditLog audit, AuditExporter exporter) {
		this.audit = audit;
		this.exporter = exporter;
	}

	@GetMapping("/audit/events")
	Map<String, Object> events(HttpServletRequest request) {
		for (String name : request.getParameterMap().keySet()) {
			if (!FILTERS.contains(name)) {
				throw invalid("unknown parameter '" + name + "'; filters are " + String.join(", ", FILTERS));
			}
		}
		int page = integer(request, "page", 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
		int size = integer(request, "size", 50, 1, MAX_PAGE_SIZE);
		AuditLog.AuditQuery query = new AuditLog.AuditQuery(single(request, "subject"), single(request, "type"),
				single(request, "approval_id"), instant(request, "from"), instant(request, "to"), page, size);
		List<AuditEvent> events = this.audit.find(query);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("events", events);
		body.put("page", page);
		body.put("size", size);
		body.put("total", this.audit.count(query));
		return body;
	}

	@GetMapping("/audit/verification")
	Map<String, Object> verify() {
		AuditLog.Verification verification = this.audit.verify();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("valid", verification.valid());
		body.put("events", verification.events());
		if (!verification.valid()) {
			body.put("first_broken_position", verification.firstBrokenPosition());
			body.put("reason", verification.reason());
			return body;
		}
		body.put("unsealed", verification.unsealed());
		if (verification.oldestUnsealedAt() != null) {
			body.put("oldest_unsealed_at", verification.oldestUnsealedAt());
		}
		if (verification.lastCheckpoint() != null) {
			body.put("last_checkpoint", verification.lastCheckpoint());
		}
		if (verification.releasedUpTo() > 0) {
			body.put("released_up_to", verification.releasedUpTo());
		}
		return body;
	}

	@GetMapping(path = "/audit/export", produces = "application/x-ndjson")
	ResponseEntity<StreamingResponseBody> export(HttpServletRequest request, Authentication authentication) {
		for (String name : request.getParameterMap().keySet()) {
			if (!name.equals("to")) {
				throw invalid("unknown parameter '" + name + "'; the export takes only 'to'");
			}
		}
		String to = single(request, "to");
		long end;
		try {
			end = this.exporter.endAt((to != null) ? position(to) : null);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(java.util.Objects.requireNonNullElse(ex.getMessage(), "no such checkpoint"));
		}
		String exportedBy = authentication.getName();
		return ResponseEntity.ok()
			.contentType(NDJSON)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-to-" + end + ".ndjson\"")
			.body((out) -> this.exporter.export(end, exportedBy, out));
	}

	private static long position(String value) {
		try {
			long position = Long.parseLong(value);
			if (position < 1) {
				throw invalid("parameter 'to' must be a chain position, from 1");
			}
			return position;
		}
		catch (NumberFormatException ex) {
			throw invalid("parameter 'to' must be a whole number");
		}
	}

	private static @Nullable String single(HttpServletRequest request, String name) {
		String[] values = request.getParameterValues(name);
		if (values == null) {
			return null;
		}
		if (values.length != 1 || values[0].isEmpty() || values[0].length() > 1000) {
			throw invalid("parameter '" + name + "' must be given once, non-empty");
		}
		return values[0];
	}

	private static int integer(HttpServletRequest request, String name, int fallback, int min, int max) {
		String value = single(request, name);
		if (value == null) {
			return fallback;
		}
		try {
			int parsed = Integer.parseInt(value);
			if (parsed < min || parsed > max) {
				throw invalid("parameter '" + name + "' must be between " + min + " and " + max);
			}
			return parsed;
		}
		catch (NumberFormatException ex) {
			throw invalid("parameter '" + name + "' must be a whole number");
		}
	}

	private static @Nullable Instant instant(HttpServletRequest request, String name) {
		String value = single(request, name);
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw invalid("parameter '" + name + "' must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
		}
	}

	private static InvalidAuditQueryException invalid(String description) {
		return new InvalidAuditQueryException(description);
	}

}
