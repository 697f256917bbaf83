package dev.countersign.resource.web;

import org.springframework.util.Assert;

/**
 * A route binding the starter cannot check, found at start-up: start-up is refused, and
 * Spring Boot prints the description and what to do (the starter's failure analyzer).
 */
public final class InvalidBindingException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String action;

	/**
	 * Create a new {@code InvalidBindingException}.
	 * @param description what is wrong, naming the binding
	 * @param action what to do about it
	 */
	public InvalidBindingException(String description, String action) {
		super(description);
		Assert.hasText(action, "action cannot be empty");
		this.action = action;
	}

	/**
	 * What to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
