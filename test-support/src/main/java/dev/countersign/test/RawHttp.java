package dev.countersign.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes on a socket of 127.0.0.1, for requests that an HTTP client refuses to send:
 * malformed escapes, broken request lines, pipelined garbage. Reads until the server
 * closes the connection or stays silent for a moment.
 */
public final class RawHttp {

	private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3})");

	private RawHttp() {
	}

	/**
	 * Sends the bytes as they are and returns everything the server answers.
	 * @param port the port on 127.0.0.1
	 * @param request the raw request (CRLF line ends included)
	 * @return the raw answer, possibly several responses
	 */
	public static String exchange(int port, String request) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(1500);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[8192];
			try {
				for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
					answer.write(buffer, 0, n);
				}
			}
			catch (SocketTimeoutException ex) {
				// the server keeps the connection open: what it said is all there is
			}
			return answer.toString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The status code of the first response of an answer.
	 * @param answer a raw answer
	 * @return the status, or -1 when there is none
	 */
	public static int status(String answer) {
		Matcher matcher = STATUS.matcher(answer);
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
	}

	/**
	 * The body of the first response of an answer (no chunked decoding: enough to search
	 * it).
	 * @param answer a raw answer
	 * @return the text after the first blank line
	 */
	public static String body(String answer) {
		int start = answer.indexOf("\r\n\r\n");
		return (start < 0) ? "" : answer.substring(start + 4);
	}

}
