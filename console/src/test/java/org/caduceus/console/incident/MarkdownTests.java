package org.caduceus.console.incident;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownTests {

	private final Markdown markdown = new Markdown();

	@Test
	void rendersMarkdown() {
		assertThat(this.markdown.render("**C2** at `192.0.2.1`")).contains("<strong>C2</strong>",
				"<code>192.0.2.1</code>");
	}

	@Test
	void showsRawHtmlAsText() {
		String html = this.markdown.render("<script>alert(1)</script>\n\n<img src=x onerror=alert(2)> and <b>bold</b>");
		assertThat(html).doesNotContain("<script", "<img", "<b>").contains("&lt;script&gt;", "&lt;img");
	}

	@Test
	void dropsScriptLinksAndFetchesNoImage() {
		String html = this.markdown.render(
				"[click](javascript:alert(1)) [data](data:text/html,x) ![pixel](https://tracker.example/p.gif) [ok](https://first.org)");
		assertThat(html).doesNotContain("javascript:", "data:text", "src=", "tracker.example/p.gif\"")
			.contains("href=\"https://first.org\"", "rel=\"noopener noreferrer nofollow\"");
	}

}
