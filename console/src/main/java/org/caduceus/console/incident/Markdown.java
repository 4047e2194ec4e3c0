package org.caduceus.console.incident;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.springframework.stereotype.Component;

/**
 * Journal notes are markdown written by analysts, or by a partner CERT: rendered with
 * every piece of raw HTML escaped (a {@code <script>} in a note is shown as text) and
 * every link that is not http, https or mailto dropped. The page's CSP would stop a
 * script anyway; this keeps the markup itself inert.
 */
@Component
class Markdown {

	private final Parser parser = Parser.builder().build();

	private final HtmlRenderer renderer = HtmlRenderer.builder()
		.escapeHtml(true)
		.sanitizeUrls(true)
		.urlSanitizer(new WebLinksOnly())
		.attributeProviderFactory((context) -> (node, tag, attributes) -> {
			if ("a".equals(tag)) {
				attributes.put("rel", "noopener noreferrer nofollow");
			}
			if ("img".equals(tag)) {
				// no image is fetched from outside the node: its alt text stays
				attributes.remove("src");
			}
		})
		.build();

	/** Links to the web and to mail only: no javascript:, data: or file: URL survives. */
	static final class WebLinksOnly implements org.commonmark.renderer.html.UrlSanitizer {

		@Override
		public String sanitizeLinkUrl(String url) {
			String lower = url.strip().toLowerCase(java.util.Locale.ROOT);
			return (lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("mailto:")) ? url
					: "";
		}

		@Override
		public String sanitizeImageUrl(String url) {
			return "";
		}

	}

	String render(String markdown) {
		return this.renderer.render(this.parser.parse(markdown));
	}

	/** The journal with each note's text rendered into {@code html}. */
	List<Map<String, Object>> notes(Object journal) {
		List<Map<String, Object>> notes = new ArrayList<>();
		if (journal instanceof List<?> list) {
			for (Object item : list) {
				if (item instanceof Map<?, ?> note) {
					Map<String, Object> rendered = new LinkedHashMap<>();
					note.forEach((key, value) -> rendered.put(String.valueOf(key), value));
					rendered.put("html", render(String.valueOf(note.get("text"))));
					notes.add(rendered);
				}
			}
		}
		return notes;
	}

}
