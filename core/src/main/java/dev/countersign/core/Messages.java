package dev.countersign.core;

/**
 * The description of a refusal taken from an exception: its message, which every
 * exception that Countersign turns into an answer carries, or a neutral text when one
 * does not (never a class name, which an answer must not show).
 */
public final class Messages {

	private Messages() {
	}

	/**
	 * An exception's message.
	 * @param ex the exception
	 * @return its message, or {@code "the request cannot be processed"} when it has none
	 */
	public static String of(Throwable ex) {
		String message = ex.getMessage();
		return (message != null) ? message : "the request cannot be processed";
	}

}
