package dev.countersign.authz.approval;

import dev.countersign.core.ParameterType;

/**
 * The text a client shows next to the number and the approval page shows next to the
 * action (CIBA Core section 7.1 {@code binding_message}): a single line people read, so
 * checked as {@link ParameterType#checkText} checks parameters (NFC, and none of the
 * characters that make text display as something else: bidirectional overrides,
 * zero-width characters, line and paragraph separators, controls).
 */
public final class BindingMessage {

	/** The longest binding message accepted. */
	public static final int MAX_LENGTH = 256;

	/** The description of a refused binding message. */
	public static final String REQUIREMENT = "binding_message must be a single line of at most " + MAX_LENGTH
			+ " characters";

	private BindingMessage() {
	}

	/**
	 * Checks a binding message.
	 * @param message the message
	 * @return the message
	 * @throws IllegalArgumentException naming what is wrong with it
	 */
	public static String check(String message) {
		if (message.isBlank() || message.length() > MAX_LENGTH) {
			throw new IllegalArgumentException(REQUIREMENT);
		}
		try {
			return ParameterType.checkText(message);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("binding_message " + ex.getMessage(), ex);
		}
	}

}
