package dev.countersign.core.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.countersign.core.StrictJson;

/**
 * An RFC 9457 problem as both sides of Countersign answer it: {@code type}
 * {@code about:blank}, {@code title}, {@code status}, {@code detail}, and, for an OAuth
 * error, the members {@code error} and {@code error_description} (RFC 6749 section 5.2)
 * next to them, then any extension members in the order given. Immutable; written as JSON
 * by {@link #toJson()}, the one way a problem body is made.
 */
public final class Problem {

	private static final Set<String> RESERVED = Set.of("type", "title", "status", "detail", "instance", "error",
			"error_description");

	private final int status;

	private final String title;

	private final @Nullable String detail;

	private final @Nullable String instance;

	private final @Nullable String error;

	private final Map<String, Object> members;

	private Problem(int status, String title, @Nullable String detail, @Nullable String instance,
			@Nullable String error, Map<String, Object> members) {
		this.status = status;
		this.title = title;
		this.detail = detail;
		this.instance = instance;
		this.error = error;
		this.members = members;
	}

	/**
	 * A problem of type {@code about:blank}.
	 * @param status the HTTP status
	 * @param title the status's reason phrase
	 * @param detail the detail, or {@code null}
	 * @return the problem
	 */
	public static Problem of(int status, String title, @Nullable String detail) {
		if (status < 100 || status > 599) {
			throw new IllegalArgumentException("status must be an HTTP status, not " + status);
		}
		Objects.requireNonNull(title, "title cannot be null");
		return new Problem(status, title, detail, null, null, Map.of());
	}

	/**
	 * The same problem with an OAuth error code; its {@code error_description} is the
	 * detail.
	 * @param error the error code, or {@code null} for none
	 * @return the problem
	 */
	public Problem withError(@Nullable String error) {
		return new Problem(this.status, this.title, this.detail, this.instance, error, this.members);
	}

	/**
	 * The same problem naming the occurrence: the request's path.
	 * @param instance a URI reference, or {@code null} for none
	 * @return the problem
	 */
	public Problem withInstance(@Nullable String instance) {
		return new Problem(this.status, this.title, this.detail, instance, this.error, this.members);
	}

	/**
	 * The same problem with one more extension member.
	 * @param name the member's name, not one of the standard members
	 * @param value its value, any JSON-writable value
	 * @return the problem
	 */
	public Problem with(String name, Object value) {
		if (RESERVED.contains(name)) {
			throw new IllegalArgumentException(name + " is a standard member of a problem");
		}
		Map<String, Object> members = new LinkedHashMap<>(this.members);
		members.put(name, Objects.requireNonNull(value, "value cannot be null"));
		return new Problem(this.status, this.title, this.detail, this.instance, this.error,
				Collections.unmodifiableMap(members));
	}

	public int status() {
		return this.status;
	}

	public @Nullable String detail() {
		return this.detail;
	}

	public @Nullable String error() {
		return this.error;
	}

	/**
	 * The problem as JSON.
	 * @return the JSON text
	 */
	public String toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("type", "about:blank");
		json.put("title", this.title);
		json.put("status", this.status);
		if (this.detail != null) {
			json.put("detail", this.detail);
		}
		if (this.instance != null) {
			json.put("instance", this.instance);
		}
		if (this.error != null) {
			json.put("error", this.error);
			if (this.detail != null) {
				json.put("error_description", this.detail);
			}
		}
		json.putAll(this.members);
		return StrictJson.write(json);
	}

}
