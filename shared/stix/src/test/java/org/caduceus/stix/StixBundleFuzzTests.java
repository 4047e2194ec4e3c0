package org.caduceus.stix;

import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.caduceus.taxonomy.Tlp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real export of this node, damaged by the fuzzer (values replaced by other types,
 * strings, numbers, objects or nothing, at any depth), is read or refused as invalid
 * STIX, never with another exception. An incident read from it never carries a TLP below
 * what the damaged bundle's markings allow: at worst it is read stricter.
 */
class StixBundleFuzzTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final StixImport IMPORT = new StixImport(new StixObjects(new StixSchemas(), 64 * 1024), 1000);

	static final IncidentExport EXPORT = new IncidentExport("nl-z-cert", "Z-CERT");

	@FuzzTest(maxDuration = "10s")
	void aDamagedExportIsReadOrRefused(FuzzedDataProvider data) {
		Tlp tlp = data.pickValue(Tlp.values());
		ObjectNode bundle = (ObjectNode) EXPORT.bundle(StixImportTests.facts(tlp));
		int changes = data.consumeInt(1, 6);
		for (int change = 0; change < changes && data.remainingBytes() > 0; change++) {
			damage(bundle, data);
		}
		try {
			StixImport.Contents contents = IMPORT.read(bundle);
			assertThat(contents.objectCount()).isNotNegative();
		}
		catch (InvalidStix refused) {
			assertThat(refused.getMessage()).isNotBlank();
		}
	}

	/** Picks a container anywhere in the tree and changes one of its members. */
	private static void damage(JsonNode root, FuzzedDataProvider data) {
		List<JsonNode> containers = new ArrayList<>();
		collect(root, containers);
		JsonNode target = containers.get(data.consumeInt(0, containers.size() - 1));
		if (target instanceof ObjectNode object) {
			List<String> names = new ArrayList<>(object.propertyNames());
			String name = (names.isEmpty() || data.consumeBoolean()) ? data.consumeString(24)
					: names.get(data.consumeInt(0, names.size() - 1));
			if (data.consumeInt(0, 7) == 0) {
				object.remove(name);
			}
			else {
				object.set(name, value(data));
			}
		}
		else if (target instanceof ArrayNode array) {
			if (array.isEmpty() || data.consumeBoolean()) {
				array.add(value(data));
			}
			else {
				int at = data.consumeInt(0, array.size() - 1);
				if (data.consumeBoolean()) {
					array.remove(at);
				}
				else {
					array.set(at, value(data));
				}
			}
		}
	}

	private static JsonNode value(FuzzedDataProvider data) {
		return switch (data.consumeInt(0, 6)) {
			case 0 -> JSON.getNodeFactory().nullNode();
			case 1 -> JSON.getNodeFactory().booleanNode(data.consumeBoolean());
			case 2 -> JSON.getNodeFactory().numberNode(data.consumeLong());
			case 3 -> JSON.getNodeFactory().numberNode(data.consumeDouble());
			case 4 -> JSON.getNodeFactory().arrayNode();
			case 5 -> JSON.getNodeFactory().objectNode();
			default -> JSON.getNodeFactory().textNode(data.consumeString(64));
		};
	}

	private static void collect(JsonNode node, List<JsonNode> into) {
		if (node.isContainer()) {
			into.add(node);
			for (JsonNode child : node) {
				collect(child, into);
			}
		}
	}

}
