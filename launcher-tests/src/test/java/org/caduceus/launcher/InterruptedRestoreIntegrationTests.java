package org.caduceus.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./caduceus up} where a restore was killed between its two renames: the node's
 * folder is gone, only {@code <node>.replaced-<time>} or the restore's staging folder is
 * there. The launcher refuses before it makes keys or starts any process (a new node with
 * new keys and an empty store would take the node's place), and says how to finish or
 * undo the restore. No process runs in this test.
 */
class InterruptedRestoreIntegrationTests {

	static final String NODE = "interrupted-it";

	@TempDir
	Path machine;

	@Test
	void upRefusesToMakeANewNodeWhereARestoreWasInterrupted() throws Exception {
		for (String name : List.of(NODE + ".replaced-20261202T031500Z", ".restore-" + NODE + "-" + UUID.randomUUID())) {
			Path left = this.machine.resolve(name);
			Files.createDirectories(left.resolve("keys"));
			Launcher.Result up = Launcher.run(Map.of("CADUCEUS_DATA", this.machine.toString()), "up", "--node", NODE);
			assertThat(up.exit()).as(up.output()).isEqualTo(1);
			assertThat(up.output()).contains("node " + NODE + " has no folder " + this.machine.resolve(NODE))
				.contains("an interrupted restore left " + left)
				.contains("'./caduceus restore --node " + NODE + " FILE' again with the same backup")
				.contains("nothing was started and no keys were made");
			assertThat(this.machine.resolve(NODE)).as("no new node folder, no keys").doesNotExist();
			assertThat(Launcher.anyProcessOf(NODE)).isFalse();
			deleteTree(left);
		}
	}

	private static void deleteTree(Path dir) throws IOException {
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
