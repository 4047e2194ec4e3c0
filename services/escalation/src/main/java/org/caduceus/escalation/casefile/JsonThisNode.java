package org.caduceus.escalation.casefile;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** This node, writing its messages to partners with the service's JSON mapper. */
@Component
class JsonThisNode implements ThisNode {

	private final NodeId id;

	private final JsonMapper json;

	JsonThisNode(@Value("${caduceus.node.id}") String nodeId, JsonMapper json) {
		this.id = NodeId.of(nodeId);
		this.json = json;
	}

	@Override
	public NodeId id() {
		return this.id;
	}

	@Override
	public String json(Object message) {
		return this.json.writeValueAsString(message);
	}

}
