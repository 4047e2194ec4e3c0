package org.caduceus.intake.observable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A block of indicators as analysts paste them: one per line, defanged or not, with or
 * without the type in front ({@code ipv4 192.0.2[.]1}). Each line is typed by its shape
 * when no type is named, and normalised exactly as when it is saved, so what a client
 * shows before saving is what will be stored. Blank lines and {@code #} comments are
 * skipped.
 */
public final class ObservableBlock {

	/** More lines than an incident may hold observables is refused as a whole. */
	public static final int MAX_LINES = 500;

	private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

	private ObservableBlock() {
	}

	/**
	 * One line of the block: its observable, or why it is not one.
	 *
	 * @param line the line number, from 1
	 * @param input the line as pasted
	 * @param type the type, when the line is an observable
	 * @param value the normalised value, when the line is an observable
	 * @param reason why the line is not an observable
	 */
	public record Line(int line, String input, @Nullable String type, @Nullable String value, @Nullable String reason) {
	}

	public static List<Line> parse(String text) {
		String[] lines = text.split("\\R", -1);
		List<Line> parsed = new ArrayList<>();
		for (int i = 0; i < lines.length; i++) {
			String input = lines[i].strip();
			if (input.isEmpty() || input.startsWith("#")) {
				continue;
			}
			if (parsed.size() >= MAX_LINES) {
				throw new InvalidObservable("text", "more than " + MAX_LINES + " observables");
			}
			parsed.add(line(i + 1, input));
		}
		return parsed;
	}

	private static Line line(int number, String input) {
		String[] parts = input.split("\\s+", 2);
		if (parts.length == 2 && named(parts[0])) {
			return attempt(number, input, parts[0].toLowerCase(Locale.ROOT), parts[1]);
		}
		return attempt(number, input, guess(ObservableNormaliser.refang(input)), input);
	}

	private static boolean named(String word) {
		try {
			ObservableType.of(word);
			return true;
		}
		catch (InvalidObservable ex) {
			return false;
		}
	}

	private static Line attempt(int number, String input, String type, String value) {
		try {
			Observable observable = Observable.of(type, value);
			return new Line(number, input, observable.type().code(), observable.value(), null);
		}
		catch (InvalidObservable ex) {
			return new Line(number, input, null, null, type + ": " + ex.getMessage());
		}
	}

	/** The type a value's shape says; the normaliser then decides whether it is one. */
	static String guess(String value) {
		String lower = value.toLowerCase(Locale.ROOT);
		if (lower.contains("://")) {
			return "url";
		}
		if (lower.startsWith("cve-")) {
			return "cve";
		}
		if (value.contains("@")) {
			return "email";
		}
		if (value.contains("/") && value.matches("[0-9a-fA-F:.]+/\\d{1,3}")) {
			return "cidr";
		}
		if (value.matches("[0-9.]+")) {
			return "ipv4";
		}
		if (value.contains(":") && value.matches("[0-9a-fA-F:.]+")) {
			return "ipv6";
		}
		if (HEX.matcher(value).matches()) {
			return switch (value.length()) {
				case 64 -> "sha256";
				case 40 -> "sha1";
				case 32 -> "md5";
				default -> "domain";
			};
		}
		if (lower.matches("as\\d{1,10}")) {
			return "asn";
		}
		return "domain";
	}

}
