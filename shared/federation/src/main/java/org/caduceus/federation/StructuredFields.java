package org.caduceus.federation;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of RFC 8941 (Structured Field Values) that signatures and digests use:
 * dictionaries whose members are items (integer, string, token, byte sequence, boolean)
 * or inner lists of items, each with parameters. Strict: anything else is refused, so a
 * crafted header cannot be read two ways.
 */
final class StructuredFields {

	/** An item or an inner list, with its parameters. */
	record Item(Object value, Map<String, Object> parameters) {

		@SuppressWarnings("unchecked")
		List<Item> list() {
			if (!(this.value instanceof List<?>)) {
				throw SignatureRejected.malformed("expected an inner list");
			}
			return (List<Item>) this.value;
		}

	}

	/** A token (unquoted identifier), kept apart from strings. */
	record Token(String value) {
	}

	private static final int MAX_LENGTH = 8192;

	private final String input;

	private int position;

	private StructuredFields(String input) {
		this.input = input;
	}

	static Map<String, Item> parseDictionary(String header) {
		if (header.length() > MAX_LENGTH) {
			throw SignatureRejected.malformed("structured header longer than " + MAX_LENGTH + " characters");
		}
		StructuredFields parser = new StructuredFields(header);
		Map<String, Item> members = new LinkedHashMap<>();
		parser.skipSpaces();
		while (!parser.atEnd()) {
			String key = parser.key();
			Item item;
			if (parser.peek('=')) {
				parser.position++;
				item = parser.itemOrInnerList();
			}
			else {
				item = new Item(Boolean.TRUE, parser.parameters());
			}
			members.put(key, item);
			parser.skipOptionalWhitespace();
			if (parser.atEnd()) {
				break;
			}
			parser.expect(',');
			parser.skipOptionalWhitespace();
			if (parser.atEnd()) {
				throw SignatureRejected.malformed("trailing comma in structured header");
			}
		}
		return members;
	}

	/** Serialises an inner list of strings with parameters, as Signature-Input needs. */
	static String innerList(List<String> strings, Map<String, Object> parameters) {
		StringBuilder out = new StringBuilder("(");
		for (int i = 0; i < strings.size(); i++) {
			out.append(i == 0 ? "" : " ").append(string(strings.get(i)));
		}
		out.append(')');
		parameters.forEach((key, value) -> out.append(';')
			.append(key)
			.append('=')
			.append((value instanceof String text) ? string(text) : value.toString()));
		return out.toString();
	}

	static String string(String value) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			if (c < 0x20 || c > 0x7e) {
				throw new IllegalArgumentException("not printable ASCII: " + value);
			}
			if (c == '"' || c == '\\') {
				out.append('\\');
			}
			out.append(c);
		}
		return out.append('"').toString();
	}

	private Item itemOrInnerList() {
		if (peek('(')) {
			this.position++;
			List<Item> items = new ArrayList<>();
			while (true) {
				skipSpaces();
				if (peek(')')) {
					this.position++;
					return new Item(items, parameters());
				}
				items.add(new Item(bareItem(), parameters()));
				if (!peek(' ') && !peek(')')) {
					throw SignatureRejected.malformed("inner list items must be separated by spaces");
				}
			}
		}
		return new Item(bareItem(), parameters());
	}

	private Map<String, Object> parameters() {
		Map<String, Object> parameters = new LinkedHashMap<>();
		while (peek(';')) {
			this.position++;
			skipSpaces();
			String key = key();
			Object value = Boolean.TRUE;
			if (peek('=')) {
				this.position++;
				value = bareItem();
			}
			parameters.put(key, value);
		}
		return parameters;
	}

	private Object bareItem() {
		if (atEnd()) {
			throw SignatureRejected.malformed("structured header ends early");
		}
		char c = this.input.charAt(this.position);
		if (c == '"') {
			return quoted();
		}
		if (c == ':') {
			int end = this.input.indexOf(':', this.position + 1);
			if (end < 0) {
				throw SignatureRejected.malformed("unterminated byte sequence");
			}
			String base64 = this.input.substring(this.position + 1, end);
			this.position = end + 1;
			try {
				return Base64.getDecoder().decode(base64);
			}
			catch (IllegalArgumentException ex) {
				throw SignatureRejected.malformed("byte sequence is not base64");
			}
		}
		if (c == '?') {
			this.position++;
			if (peek('1') || peek('0')) {
				return this.input.charAt(this.position++) == '1';
			}
			throw SignatureRejected.malformed("invalid boolean");
		}
		if (c == '-' || Character.isDigit(c)) {
			int start = this.position++;
			while (!atEnd() && Character.isDigit(this.input.charAt(this.position))) {
				this.position++;
			}
			String digits = this.input.substring(start, this.position);
			if (digits.length() > 16 || digits.equals("-")) {
				throw SignatureRejected.malformed("invalid integer");
			}
			return Long.parseLong(digits);
		}
		if (Character.isLetter(c) || c == '*') {
			int start = this.position;
			while (!atEnd() && "!#$%&'*+-.^_`|~:/".indexOf(this.input.charAt(this.position)) >= 0
					|| !atEnd() && Character.isLetterOrDigit(this.input.charAt(this.position))) {
				this.position++;
			}
			return new Token(this.input.substring(start, this.position));
		}
		throw SignatureRejected.malformed("unexpected character '" + c + "' in structured header");
	}

	private String quoted() {
		StringBuilder out = new StringBuilder();
		this.position++;
		while (!atEnd()) {
			char c = this.input.charAt(this.position++);
			if (c == '\\') {
				if (atEnd() || (this.input.charAt(this.position) != '"' && this.input.charAt(this.position) != '\\')) {
					throw SignatureRejected.malformed("invalid escape in string");
				}
				out.append(this.input.charAt(this.position++));
			}
			else if (c == '"') {
				return out.toString();
			}
			else if (c < 0x20 || c > 0x7e) {
				throw SignatureRejected.malformed("non-printable character in string");
			}
			else {
				out.append(c);
			}
		}
		throw SignatureRejected.malformed("unterminated string");
	}

	private String key() {
		int start = this.position;
		while (!atEnd()) {
			char c = this.input.charAt(this.position);
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '*') {
				this.position++;
			}
			else {
				break;
			}
		}
		if (start == this.position
				|| !Character.isLetter(this.input.charAt(start)) && this.input.charAt(start) != '*') {
			throw SignatureRejected.malformed("invalid key in structured header");
		}
		return this.input.substring(start, this.position);
	}

	private void expect(char c) {
		if (!peek(c)) {
			throw SignatureRejected.malformed("expected '" + c + "' in structured header");
		}
		this.position++;
	}

	private boolean peek(char c) {
		return !atEnd() && this.input.charAt(this.position) == c;
	}

	private boolean atEnd() {
		return this.position >= this.input.length();
	}

	private void skipSpaces() {
		while (peek(' ')) {
			this.position++;
		}
	}

	private void skipOptionalWhitespace() {
		while (peek(' ') || peek('\t')) {
			this.position++;
		}
	}

}
