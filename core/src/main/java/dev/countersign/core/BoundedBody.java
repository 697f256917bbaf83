package dev.countersign.core;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body of at most a given size, failing before more is read: a declared
 * length over the limit is refused unread, and a body that turns out longer (chunked, or
 * a lying {@code Content-Length}) is refused after one byte past the limit. Servlet-free:
 * each side hands it the request's stream and length and answers
 * {@link TooLargeException} in its own dialect.
 */
public final class BoundedBody {

	private BoundedBody() {
	}

	/**
	 * Whether a declared length is already over the limit.
	 * @param declaredLength the {@code Content-Length}, or -1 when not given
	 * @param limit the most bytes accepted
	 * @throws TooLargeException when it is
	 */
	public static void checkDeclared(long declaredLength, int limit) {
		if (declaredLength > limit) {
			throw new TooLargeException(limit);
		}
	}

	/**
	 * Reads the whole body.
	 * @param in the body, closed afterwards
	 * @param declaredLength the {@code Content-Length}, or -1 when not given
	 * @param limit the most bytes accepted
	 * @return the body
	 * @throws TooLargeException when the body is longer than the limit
	 * @throws IOException when the body cannot be read
	 */
	public static byte[] read(InputStream in, long declaredLength, int limit) throws IOException {
		checkDeclared(declaredLength, limit);
		try (in) {
			byte[] body = in.readNBytes(limit + 1);
			if (body.length > limit) {
				throw new TooLargeException(limit);
			}
			return body;
		}
	}

	/**
	 * A body over the limit.
	 */
	public static final class TooLargeException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final int limit;

		TooLargeException(int limit) {
			super("the body must be at most " + limit + " bytes");
			this.limit = limit;
		}

		/**
		 * The limit.
		 * @return the most bytes accepted
		 */
		public int getLimit() {
			return this.limit;
		}

	}

}
