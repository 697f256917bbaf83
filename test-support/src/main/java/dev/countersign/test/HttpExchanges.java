package dev.countersign.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;

/**
 * Answers for the JDK's {@code HttpServer} when a test plays the authorization server on
 * 127.0.0.1 for a client under test.
 */
public final class HttpExchanges {

	private HttpExchanges() {
	}

	/**
	 * Reads the request body and answers with a JSON body, or none when it is empty.
	 * @param exchange the exchange
	 * @param status the status
	 * @param body the JSON body, possibly empty
	 * @throws IOException when the client is gone
	 */
	public static void answer(HttpExchange exchange, int status, String body) throws IOException {
		exchange.getRequestBody().readAllBytes();
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			exchange.getResponseBody().write(bytes);
		}
		exchange.close();
	}

}
