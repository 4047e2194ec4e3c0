package org.caduceus.backup;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The few parts of the POSIX tar format (ustar) the archive needs: regular files with
 * short names, sizes past 8 GiB in GNU's base-256 form. Written by hand so that the
 * backup needs no library for it; {@code tar} reads it.
 */
final class Tar {

	static final int BLOCK = 512;

	private Tar() {
	}

	/** One file in the archive. */
	record Entry(String name, long size, int mode, long modifiedSeconds) {
	}

	/** Writes entries one after another, then the end-of-archive blocks. */
	static final class Writer {

		private final OutputStream out;

		Writer(OutputStream out) {
			this.out = out;
		}

		/** Writes the header of {@code entry}; its {@code size} bytes must follow. */
		void begin(Entry entry) throws IOException {
			byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
			if (name.length >= 100) {
				throw new IllegalArgumentException("tar name too long: " + entry.name());
			}
			byte[] header = new byte[BLOCK];
			System.arraycopy(name, 0, header, 0, name.length);
			octal(header, 100, 8, entry.mode());
			octal(header, 108, 8, 0);
			octal(header, 116, 8, 0);
			if (entry.size() < 077777777777L) {
				octal(header, 124, 12, entry.size());
			}
			else {
				header[124] = (byte) 0x80;
				long size = entry.size();
				for (int i = 135; i > 124; i--) {
					header[i] = (byte) size;
					size >>>= 8;
				}
			}
			octal(header, 136, 12, entry.modifiedSeconds());
			header[156] = '0';
			System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
			Arrays.fill(header, 148, 156, (byte) ' ');
			long sum = 0;
			for (byte b : header) {
				sum += b & 0xff;
			}
			octal(header, 148, 7, sum);
			header[155] = ' ';
			this.out.write(header);
		}

		/** Pads the entry's data to a whole block. */
		void end(long size) throws IOException {
			int rest = (int) (size % BLOCK);
			if (rest != 0) {
				this.out.write(new byte[BLOCK - rest]);
			}
		}

		void finish() throws IOException {
			this.out.write(new byte[2 * BLOCK]);
			this.out.flush();
		}

		private static void octal(byte[] header, int offset, int length, long value) {
			String text = Long.toOctalString(value);
			if (text.length() > length - 1) {
				throw new IllegalArgumentException("value too large for a tar field: " + value);
			}
			String padded = "0".repeat(length - 1 - text.length()) + text;
			System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, header, offset, length - 1);
			header[offset + length - 1] = 0;
		}

	}

	/** Reads entries in order; {@link #data()} gives the current entry's bytes. */
	static final class Reader {

		private final InputStream in;

		private long remaining;

		private long padding;

		Reader(InputStream in) {
			this.in = in;
		}

		/** The next entry, or null at the end of the archive. */
		@Nullable Entry next() throws IOException {
			skip(this.remaining + this.padding);
			this.remaining = 0;
			this.padding = 0;
			byte[] header = this.in.readNBytes(BLOCK);
			if (header.length < BLOCK) {
				throw new EOFException("the archive ends inside a tar header");
			}
			if (allZero(header)) {
				return null;
			}
			long sum = 0;
			for (int i = 0; i < BLOCK; i++) {
				sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
			}
			if (sum != parseNumber(header, 148, 8)) {
				throw new IOException("a tar header's checksum does not match");
			}
			if (header[156] != '0' && header[156] != 0) {
				throw new IOException("unexpected tar entry type '" + (char) header[156] + "'");
			}
			int nameLength = 0;
			while (nameLength < 100 && header[nameLength] != 0) {
				nameLength++;
			}
			String name = new String(header, 0, nameLength, StandardCharsets.UTF_8);
			long size = parseNumber(header, 124, 12);
			this.remaining = size;
			this.padding = (BLOCK - size % BLOCK) % BLOCK;
			return new Entry(name, size, (int) parseNumber(header, 100, 8), parseNumber(header, 136, 12));
		}

		/** The current entry's data; read it to its end before {@link #next()}. */
		InputStream data() {
			return new InputStream() {
				@Override
				public int read() throws IOException {
					byte[] one = new byte[1];
					return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
				}

				@Override
				public int read(byte[] b, int off, int len) throws IOException {
					if (Reader.this.remaining == 0) {
						return -1;
					}
					int n = Reader.this.in.read(b, off, (int) Math.min(len, Reader.this.remaining));
					if (n < 0) {
						throw new EOFException("the archive ends inside a file");
					}
					Reader.this.remaining -= n;
					return n;
				}
			};
		}

		private void skip(long bytes) throws IOException {
			long left = bytes;
			while (left > 0) {
				long skipped = this.in.skip(left);
				if (skipped <= 0) {
					if (this.in.read() < 0) {
						throw new EOFException("the archive ends inside a file");
					}
					skipped = 1;
				}
				left -= skipped;
			}
		}

		private static boolean allZero(byte[] block) {
			for (byte b : block) {
				if (b != 0) {
					return false;
				}
			}
			return true;
		}

		private static long parseNumber(byte[] header, int offset, int length) throws IOException {
			if ((header[offset] & 0x80) != 0) {
				long value = 0;
				for (int i = offset + 1; i < offset + length; i++) {
					value = (value << 8) | (header[i] & 0xff);
				}
				return value;
			}
			String text = new String(header, offset, length, StandardCharsets.US_ASCII).replace("\0", "").strip();
			if (text.isEmpty()) {
				return 0;
			}
			try {
				return Long.parseLong(text, 8);
			}
			catch (NumberFormatException ex) {
				throw new IOException("not a number in a tar header: '" + text + "'");
			}
		}

	}

}
