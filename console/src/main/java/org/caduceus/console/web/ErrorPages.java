package org.caduceus.console.web;

import java.util.concurrent.TimeoutException;

import org.caduceus.console.gateway.ApiProblem;
import org.caduceus.console.session.SignedIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

/**
 * What a page shows when the API refuses or a part of the node does not answer: a plain
 * message and the status, never a stack trace. Not there and not this user's answer the
 * same, as the API does.
 */
@ControllerAdvice
class ErrorPages {

	private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

	private final String nodeId;

	ErrorPages(@org.springframework.beans.factory.annotation.Value("${caduceus.node.id}") String nodeId) {
		this.nodeId = nodeId;
	}

	@ExceptionHandler(ApiProblem.class)
	Rendering problem(ApiProblem problem, ServerWebExchange exchange) {
		return switch (problem.status()) {
			case 401 -> Rendering.redirectTo("/sign-in").status(HttpStatus.SEE_OTHER).build();
			case 403 -> page(exchange, HttpStatus.FORBIDDEN, "Not allowed",
					"Your role does not allow this. " + problem.detail());
			case 404 -> page(exchange, HttpStatus.NOT_FOUND, "Not found", "There is nothing here that you may see.");
			case 409, 412 -> page(exchange, HttpStatus.CONFLICT, "Changed meanwhile",
					problem.detail() + " Reload the page to see the latest version.");
			case 507 -> page(exchange, HttpStatus.SERVICE_UNAVAILABLE, "The node's store is full",
					"Nothing was changed. Tell the node's operator.");
			default -> (problem.status() >= 500)
					? page(exchange, HttpStatus.SERVICE_UNAVAILABLE, "A part of the node is not answering",
							"Nothing was changed by this request as far as the node said. Try again in a moment.")
					: page(exchange, HttpStatus.BAD_REQUEST, problem.title(), problem.detail());
		};
	}

	@ExceptionHandler({ WebClientRequestException.class, TimeoutException.class })
	Rendering unavailable(Exception ex, ServerWebExchange exchange) {
		log.warn("the gateway did not answer: {}", ex.toString());
		return page(exchange, HttpStatus.SERVICE_UNAVAILABLE, "The node's API is not answering",
				"The page could not be read. Try again in a moment.");
	}

	private Rendering page(ServerWebExchange exchange, HttpStatus status, String title, String detail) {
		Rendering.Builder<?> page = Rendering.view("error")
			.status(status)
			.modelAttribute("status", status.value())
			.modelAttribute("title", title)
			.modelAttribute("detail", detail)
			.modelAttribute("node", this.nodeId)
			.modelAttribute("path", exchange.getRequest().getPath().pathWithinApplication().value());
		SignedIn me = SignedIn.find(exchange);
		if (me != null) {
			page.modelAttribute("me", me);
		}
		return page.build();
	}

}
