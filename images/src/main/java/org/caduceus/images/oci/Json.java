package org.caduceus.images.oci;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The little JSON an image needs (configs, manifests, indexes, SBOMs), written with its
 * keys in the order the map gives them, so the same values always give the same bytes.
 */
public final class Json {

	private Json() {
	}

	/**
	 * @return {@code value} (maps, lists, strings, numbers, booleans) as compact JSON
	 */
	public static String write(@Nullable Object value) {
		StringBuilder out = new StringBuilder();
		append(out, value);
		return out.toString();
	}

	private static void append(StringBuilder out, @Nullable Object value) {
		switch (value) {
			case null -> out.append("null");
			case String text -> string(out, text);
			case Number number -> out.append(number);
			case Boolean bool -> out.append(bool);
			case Map<?, ?> map -> {
				out.append('{');
				boolean first = true;
				for (Map.Entry<?, ?> entry : map.entrySet()) {
					if (!first) {
						out.append(',');
					}
					first = false;
					string(out, String.valueOf(entry.getKey()));
					out.append(':');
					append(out, entry.getValue());
				}
				out.append('}');
			}
			case List<?> list -> {
				out.append('[');
				for (int i = 0; i < list.size(); i++) {
					if (i > 0) {
						out.append(',');
					}
					append(out, list.get(i));
				}
				out.append(']');
			}
			default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass());
		}
	}

	private static void string(StringBuilder out, String text) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
