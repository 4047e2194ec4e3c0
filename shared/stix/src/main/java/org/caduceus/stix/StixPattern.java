package org.caduceus.stix;

import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed STIX 2.1 pattern (the patterning language of STIX 2.1 section 9): observation
 * expressions joined by {@code AND}, {@code OR} and {@code FOLLOWEDBY} with their
 * qualifiers, comparisons on object paths with every operator and literal kind. It checks
 * the syntax only, and collects the comparisons so that the simplest patterns
 * ({@code [ipv4-addr:value = '192.0.2.1']}) can be read back as observables.
 *
 * @param text the pattern as given
 * @param comparisons every comparison in it, in order
 * @param observations how many observation expressions it has
 */
public record StixPattern(String text, List<Comparison> comparisons, int observations) {

	/**
	 * One comparison.
	 *
	 * @param objectType the SCO type, e.g. {@code file}
	 * @param path the property path, e.g. {@code hashes.'SHA-256'}
	 * @param operator the operator, upper case ({@code =}, {@code ISSUBSET}, ...)
	 * @param negated whether {@code NOT} precedes the operator
	 * @param value the literal as written (a string literal unquoted and unescaped)
	 */
	public record Comparison(String objectType, String path, String operator, boolean negated, String value) {
	}

	/**
	 * @return the only comparison, when the pattern is one observation with one equality
	 * (or subset) test; else null
	 */
	public Comparison single() {
		if (this.observations != 1 || this.comparisons.size() != 1) {
			return null;
		}
		Comparison only = this.comparisons.get(0);
		return (only.negated() || !(only.operator().equals("=") || only.operator().equals("ISSUBSET"))) ? null : only;
	}

	/**
	 * @return the parsed pattern
	 * @throws InvalidPattern when it does not follow the STIX patterning grammar
	 */
	public static StixPattern parse(String text) {
		Parser parser = new Parser(text);
		parser.observationExpressions();
		if (parser.peek().kind() != Kind.END) {
			throw parser.error("unexpected '" + parser.peek().text() + "'");
		}
		if (parser.observations == 0) {
			throw parser.error("no observation expression");
		}
		return new StixPattern(text, List.copyOf(parser.comparisons), parser.observations);
	}

	/** A pattern that does not parse, with where and why. */
	public static final class InvalidPattern extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		InvalidPattern(String message) {
			super(message);
		}

	}

	private enum Kind {

		WORD, STRING, TIMESTAMP, BINARY, HEX, INT, FLOAT, SYMBOL, END

	}

	private record Token(Kind kind, String text, int at) {
	}

	private static final class Parser {

		private static final Set<String> EQUALITY = Set.of("=", "!=", "<>");

		private static final Set<String> ORDER = Set.of(">", "<", ">=", "<=");

		private static final Set<String> STRING_OPERATORS = Set.of("LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET");

		private static final Pattern TIMESTAMP = Pattern.compile(
				"\\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:([0-5]\\d|60)(\\.\\d+)?Z");

		private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

		private final String text;

		private final List<Token> tokens;

		private int position;

		private final List<Comparison> comparisons = new ArrayList<>();

		private int observations;

		Parser(String text) {
			this.text = text;
			this.tokens = tokenize(text);
		}

		void observationExpressions() {
			observationOr();
			while (keyword("FOLLOWEDBY")) {
				observationOr();
			}
		}

		private void observationOr() {
			observationAnd();
			while (keyword("OR")) {
				observationAnd();
			}
		}

		private void observationAnd() {
			observation();
			while (keyword("AND")) {
				observation();
			}
		}

		private void observation() {
			if (symbol("[")) {
				this.observations++;
				comparisonOr();
				expect("]");
			}
			else if (symbol("(")) {
				observationExpressions();
				expect(")");
			}
			else {
				throw error("expected '[' or '(' to start an observation, found '" + peek().text() + "'");
			}
			qualifiers();
		}

		private void qualifiers() {
			while (true) {
				if (keyword("WITHIN")) {
					Token amount = next();
					if (amount.kind() != Kind.INT && amount.kind() != Kind.FLOAT) {
						throw error("WITHIN needs a number of seconds");
					}
					expectKeyword("SECONDS");
				}
				else if (keyword("REPEATS")) {
					if (next().kind() != Kind.INT) {
						throw error("REPEATS needs a whole number");
					}
					expectKeyword("TIMES");
				}
				else if (keyword("START")) {
					if (next().kind() != Kind.TIMESTAMP) {
						throw error("START needs a t'...' timestamp");
					}
					expectKeyword("STOP");
					if (next().kind() != Kind.TIMESTAMP) {
						throw error("STOP needs a t'...' timestamp");
					}
				}
				else {
					return;
				}
			}
		}

		private void comparisonOr() {
			comparisonAnd();
			while (keyword("OR")) {
				comparisonAnd();
			}
		}

		private void comparisonAnd() {
			propertyTest();
			while (keyword("AND")) {
				propertyTest();
			}
		}

		private void propertyTest() {
			if (symbol("(")) {
				comparisonOr();
				expect(")");
				return;
			}
			if (keyword("EXISTS")) {
				objectPath();
				return;
			}
			String[] path = objectPath();
			boolean negated = keyword("NOT");
			Token operator = next();
			String op = operator.text().toUpperCase(java.util.Locale.ROOT);
			String value;
			if (EQUALITY.contains(op) && operator.kind() == Kind.SYMBOL) {
				value = primitive(true);
			}
			else if (ORDER.contains(op) && operator.kind() == Kind.SYMBOL) {
				value = primitive(false);
			}
			else if (operator.kind() == Kind.WORD && STRING_OPERATORS.contains(op)) {
				Token literal = next();
				if (literal.kind() != Kind.STRING) {
					throw error(op + " needs a string literal");
				}
				value = literal.text();
				if (op.equals("MATCHES")) {
					try {
						Pattern.compile(value);
					}
					catch (java.util.regex.PatternSyntaxException ex) {
						throw error("MATCHES needs a valid regular expression: " + ex.getDescription());
					}
				}
			}
			else if (operator.kind() == Kind.WORD && op.equals("IN")) {
				expect("(");
				List<String> values = new ArrayList<>();
				if (!symbol(")")) {
					values.add(primitive(true));
					while (symbol(",")) {
						values.add(primitive(true));
					}
					expect(")");
				}
				value = String.join(",", values);
			}
			else {
				throw error("expected a comparison operator after " + path[0] + ":" + path[1] + ", found '"
						+ operator.text() + "'");
			}
			this.comparisons.add(new Comparison(path[0], path[1], op, negated, value));
		}

		private String[] objectPath() {
			Token type = next();
			if (type.kind() != Kind.WORD || !IDENTIFIER.matcher(type.text()).matches()) {
				throw error("expected an object type, found '" + type.text() + "'");
			}
			expect(":");
			StringBuilder path = new StringBuilder();
			Token first = next();
			if (first.kind() == Kind.WORD && !first.text().contains("-")) {
				path.append(first.text());
			}
			else if (first.kind() == Kind.STRING) {
				path.append('\'').append(first.text()).append('\'');
			}
			else {
				throw error("expected a property name after '" + type.text() + ":', found '" + first.text() + "'");
			}
			while (true) {
				if (symbol(".")) {
					Token part = next();
					if (part.kind() == Kind.WORD) {
						path.append('.').append(part.text());
					}
					else if (part.kind() == Kind.STRING) {
						path.append(".'").append(part.text()).append('\'');
					}
					else {
						throw error("expected a property name after '.', found '" + part.text() + "'");
					}
				}
				else if (symbol("[")) {
					Token index = next();
					if (!(index.kind() == Kind.INT || index.text().equals("*"))) {
						throw error("expected an index or '*' in [], found '" + index.text() + "'");
					}
					expect("]");
					path.append('[').append(index.text()).append(']');
				}
				else {
					return new String[] { type.text(), path.toString() };
				}
			}
		}

		private String primitive(boolean booleanAllowed) {
			Token literal = next();
			switch (literal.kind()) {
				case STRING, INT, FLOAT, TIMESTAMP, BINARY, HEX:
					return literal.text();
				case WORD:
					if (booleanAllowed
							&& (literal.text().equalsIgnoreCase("true") || literal.text().equalsIgnoreCase("false"))) {
						return literal.text().toLowerCase(java.util.Locale.ROOT);
					}
					break;
				default:
					break;
			}
			throw error("expected a literal, found '" + literal.text() + "'");
		}

		private boolean keyword(String word) {
			Token token = peek();
			if (token.kind() == Kind.WORD && token.text().equals(word)) {
				this.position++;
				return true;
			}
			return false;
		}

		private void expectKeyword(String word) {
			if (!keyword(word)) {
				throw error("expected " + word + ", found '" + peek().text() + "'");
			}
		}

		private boolean symbol(String symbol) {
			Token token = peek();
			if (token.kind() == Kind.SYMBOL && token.text().equals(symbol)) {
				this.position++;
				return true;
			}
			return false;
		}

		private void expect(String symbol) {
			if (!symbol(symbol)) {
				throw error("expected '" + symbol + "', found '" + peek().text() + "'");
			}
		}

		Token peek() {
			return this.tokens.get(this.position);
		}

		private Token next() {
			Token token = this.tokens.get(this.position);
			if (token.kind() != Kind.END) {
				this.position++;
			}
			return token;
		}

		InvalidPattern error(String message) {
			return new InvalidPattern("pattern does not parse at offset " + peek().at() + ": " + message);
		}

		private static List<Token> tokenize(String text) {
			List<Token> tokens = new ArrayList<>();
			int i = 0;
			while (i < text.length()) {
				char c = text.charAt(i);
				if (Character.isWhitespace(c)) {
					i++;
					continue;
				}
				int start = i;
				if ((c == 't' || c == 'b' || c == 'h') && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
					int end = text.indexOf('\'', i + 2);
					if (end < 0) {
						throw new InvalidPattern(
								"pattern does not parse at offset " + start + ": unterminated literal");
					}
					String body = text.substring(i + 2, end);
					Kind kind = switch (c) {
						case 't' -> Kind.TIMESTAMP;
						case 'b' -> Kind.BINARY;
						default -> Kind.HEX;
					};
					checkLiteral(kind, body, start);
					tokens.add(new Token(kind, body, start));
					i = end + 1;
				}
				else if (c == '\'') {
					StringBuilder value = new StringBuilder();
					i++;
					boolean closed = false;
					while (i < text.length()) {
						char d = text.charAt(i);
						if (d == '\\') {
							if (i + 1 >= text.length() || (text.charAt(i + 1) != '\'' && text.charAt(i + 1) != '\\')) {
								throw new InvalidPattern("pattern does not parse at offset " + i
										+ ": only \\' and \\\\ may be escaped in a string");
							}
							value.append(text.charAt(i + 1));
							i += 2;
						}
						else if (d == '\'') {
							closed = true;
							i++;
							break;
						}
						else {
							value.append(d);
							i++;
						}
					}
					if (!closed) {
						throw new InvalidPattern("pattern does not parse at offset " + start + ": unterminated string");
					}
					tokens.add(new Token(Kind.STRING, value.toString(), start));
				}
				else if (Character.isDigit(c)
						|| ((c == '-' || c == '+') && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
					i++;
					while (i < text.length() && Character.isDigit(text.charAt(i))) {
						i++;
					}
					Kind kind = Kind.INT;
					if (i < text.length() && text.charAt(i) == '.') {
						kind = Kind.FLOAT;
						i++;
						while (i < text.length() && Character.isDigit(text.charAt(i))) {
							i++;
						}
					}
					tokens.add(new Token(kind, text.substring(start, i), start));
				}
				else if (Character.isLetter(c) || c == '_') {
					while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
							|| text.charAt(i) == '-')) {
						i++;
					}
					tokens.add(new Token(Kind.WORD, text.substring(start, i), start));
				}
				else {
					String two = (i + 1 < text.length()) ? text.substring(i, i + 2) : "";
					if (two.equals("!=") || two.equals("<>") || two.equals(">=") || two.equals("<=")) {
						tokens.add(new Token(Kind.SYMBOL, two, start));
						i += 2;
					}
					else if ("[]():.,=<>*".indexOf(c) >= 0) {
						tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), start));
						i++;
					}
					else {
						throw new InvalidPattern(
								"pattern does not parse at offset " + start + ": unexpected '" + c + "'");
					}
				}
			}
			tokens.add(new Token(Kind.END, "end of pattern", text.length()));
			return tokens;
		}

		private static void checkLiteral(Kind kind, String body, int at) {
			String problem = null;
			if (kind == Kind.TIMESTAMP) {
				if (!TIMESTAMP.matcher(body).matches()) {
					problem = "t'" + body + "' is not an RFC 3339 UTC timestamp";
				}
				else {
					try {
						java.time.Instant.parse(body);
					}
					catch (DateTimeParseException ex) {
						problem = "t'" + body + "' is not a valid timestamp";
					}
				}
			}
			else if (kind == Kind.HEX) {
				if (body.length() % 2 != 0 || !body.matches("[0-9A-Fa-f]*")) {
					problem = "h'" + body + "' is not pairs of hexadecimal digits";
				}
			}
			else {
				try {
					Base64.getDecoder().decode(body);
				}
				catch (IllegalArgumentException ex) {
					problem = "b'" + body + "' is not base64";
				}
			}
			if (problem != null) {
				throw new InvalidPattern("pattern does not parse at offset " + at + ": " + problem);
			}
		}

	}

}
