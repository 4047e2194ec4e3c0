package org.caduceus.images.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A POSIX ustar stream with one fixed modification time and no user or group names, so
 * that the same entries in the same order always give the same bytes.
 */
final class TarWriter {

	/** 1980-01-01T00:00:00Z: what every entry says it was modified at. */
	static final long MTIME = 315_532_800L;

	private static final int BLOCK = 512;

	private final OutputStream out;

	TarWriter(OutputStream out) {
		this.out = out;
	}

	void directory(String name, int mode, int uid, int gid) throws IOException {
		header(name.endsWith("/") ? name : name + "/", mode, uid, gid, 0, '5', "");
	}

	void symlink(String name, String target, int uid, int gid) throws IOException {
		header(name, 0777, uid, gid, 0, '2', target);
	}

	void file(String name, int mode, int uid, int gid, long size, InputStream content) throws IOException {
		header(name, mode, uid, gid, size, '0', "");
		long copied = content.transferTo(this.out);
		if (copied != size) {
			throw new IOException(name + " changed while it was written: " + copied + " bytes, not " + size);
		}
		pad(size);
	}

	void file(String name, int mode, byte[] content) throws IOException {
		header(name, mode, 0, 0, content.length, '0', "");
		this.out.write(content);
		pad(content.length);
	}

	/** Ends the archive with its two empty blocks. */
	void finish() throws IOException {
		this.out.write(new byte[BLOCK * 2]);
		this.out.flush();
	}

	private void pad(long size) throws IOException {
		int rest = (int) (size % BLOCK);
		if (rest != 0) {
			this.out.write(new byte[BLOCK - rest]);
		}
	}

	private void header(String name, int mode, int uid, int gid, long size, char type, String link) throws IOException {
		byte[] header = new byte[BLOCK];
		byte[] path = name.getBytes(StandardCharsets.UTF_8);
		if (path.length <= 100) {
			put(header, 0, 100, path);
		}
		else {
			int split = name.lastIndexOf('/', Math.min(name.length() - 2, 155));
			byte[] prefix = name.substring(0, Math.max(split, 0)).getBytes(StandardCharsets.UTF_8);
			byte[] rest = name.substring(split + 1).getBytes(StandardCharsets.UTF_8);
			if (split <= 0 || prefix.length > 155 || rest.length > 100) {
				throw new IOException("path too long for a ustar entry: " + name);
			}
			put(header, 0, 100, rest);
			put(header, 345, 155, prefix);
		}
		octal(header, 100, 8, mode);
		octal(header, 108, 8, uid);
		octal(header, 116, 8, gid);
		octal(header, 124, 12, size);
		octal(header, 136, 12, MTIME);
		header[156] = (byte) type;
		byte[] target = link.getBytes(StandardCharsets.UTF_8);
		if (target.length > 100) {
			throw new IOException("link target too long for a ustar entry: " + link);
		}
		put(header, 157, 100, target);
		put(header, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
		put(header, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
		octal(header, 329, 8, 0);
		octal(header, 337, 8, 0);
		for (int i = 148; i < 156; i++) {
			header[i] = ' ';
		}
		long sum = 0;
		for (byte b : header) {
			sum += b & 0xff;
		}
		byte[] checksum = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
		put(header, 148, 6, checksum);
		header[154] = 0;
		header[155] = ' ';
		this.out.write(header);
	}

	private static void put(byte[] header, int offset, int length, byte[] value) {
		System.arraycopy(value, 0, header, offset, Math.min(length, value.length));
	}

	private static void octal(byte[] header, int offset, int length, long value) {
		String digits = Long.toOctalString(value);
		if (digits.length() > length - 1) {
			throw new IllegalArgumentException("does not fit a ustar field of " + length + ": " + value);
		}
		String padded = "0".repeat(length - 1 - digits.length()) + digits;
		put(header, offset, length - 1, padded.getBytes(StandardCharsets.US_ASCII));
	}

}
