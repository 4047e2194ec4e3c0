package org.caduceus.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server standing in for a service that dies while it answers: it reads each
 * whole request, counts it, and closes the connection without a byte of answer, as a
 * service killed with SIGKILL in the middle of a request does.
 */
final class DroppingBackend implements AutoCloseable {

	private final ServerSocket server;

	private final AtomicInteger requests = new AtomicInteger();

	DroppingBackend() {
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		Thread acceptor = new Thread(this::serve, "dropping-backend");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	/** Whole requests that reached this server. */
	int requests() {
		return this.requests.get();
	}

	private void serve() {
		while (!this.server.isClosed()) {
			try (Socket socket = this.server.accept()) {
				if (readRequest(socket.getInputStream())) {
					this.requests.incrementAndGet();
				}
				// closed without an answer
			}
			catch (IOException ex) {
				// closed, or the client went away
			}
		}
	}

	private static boolean readRequest(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				return false;
			}
			head.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		long length = 0;
		for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				length = Long.parseLong(line.substring("content-length:".length()).trim());
			}
		}
		in.skipNBytes(length);
		return true;
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
