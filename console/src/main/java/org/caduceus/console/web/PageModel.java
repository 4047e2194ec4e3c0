package org.caduceus.console.web;

import java.time.Clock;

import org.caduceus.console.session.SignedIn;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;

/** What the frame of every page shows: the node, who is signed in, the time. */
@ControllerAdvice
class PageModel {

	private final String nodeId;

	private final Clock clock;

	PageModel(@Value("${caduceus.node.id}") String nodeId, Clock clock) {
		this.nodeId = nodeId;
		this.clock = clock;
	}

	@ModelAttribute
	void frame(ServerWebExchange exchange, Model model) {
		SignedIn me = SignedIn.find(exchange);
		if (me != null) {
			model.addAttribute("me", me);
		}
		model.addAttribute("node", this.nodeId);
		model.addAttribute("now", this.clock.instant());
		model.addAttribute("path", exchange.getRequest().getPath().pathWithinApplication().value());
	}

}
