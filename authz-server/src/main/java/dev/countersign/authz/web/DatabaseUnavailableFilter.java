package dev.countersign.authz.web;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Fails closed, and fast, while the database cannot be reached: whatever endpoint a
 * request reached (a Spring Authorization Server endpoint, the approval API, a page, a
 * sign-in), a failure to reach PostgreSQL that escapes it is answered
 * {@code 503 temporarily_unavailable} with {@code Retry-After}, never {@code 500} and
 * never a refused credential. The connection pool gives up after
 * {@code spring.datasource.hikari.connection-timeout} (2 s), every change runs in a
 * transaction that then rolls back, so nothing half-written remains; when the database
 * answers again the pool reconnects by itself. The body is the usual problem (or page,
 * for a browser) of the error controller.
 */
public final class DatabaseUnavailableFilter extends OncePerRequestFilter {

	/** What a client is told to wait, in seconds. */
	public static final int RETRY_AFTER_SECONDS = 5;

	private static final String MESSAGE = "[temporarily_unavailable] the service cannot reach its database now; "
			+ "try again in a few seconds";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | IOException | RuntimeException ex) {
			Throwable cause = unavailable(ex);
			if (cause == null || response.isCommitted()) {
				throw ex;
			}
			this.logger.warn("Database unreachable; " + request.getMethod() + " " + request.getRequestURI()
					+ " answered 503: " + cause.getMessage());
			response.reset();
			response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value(), MESSAGE);
		}
	}

	/**
	 * The cause that says the database cannot be reached, if any: no connection within
	 * the pool's timeout, a connection lost or refused, a server shutting down or
	 * starting.
	 * @param failure a failure
	 * @return the cause, or {@code null} for any other failure
	 */
	public static @Nullable Throwable unavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof CannotGetJdbcConnectionException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLNonTransientConnectionException
					|| cause instanceof SQLRecoverableException) {
				return cause;
			}
			if (cause instanceof CannotCreateTransactionException && cause.getCause() instanceof SQLException) {
				return cause;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
				return cause;
			}
		}
		return null;
	}

}
