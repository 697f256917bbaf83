package dev.countersign.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * Free TCP ports on this machine, for servers a test or benchmark starts itself.
 */
public final class FreePorts {

	private FreePorts() {
	}

	/**
	 * A port nothing listens on right now.
	 * @return the port
	 */
	public static int next() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
