package org.caduceus.embeddedmongo;

import java.nio.file.Path;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitTests {

	@TempDir
	Path dir;

	/**
	 * A write that reached the store's maps just before a failed commit closed the store
	 * (H2 closes it when a chunk cannot be written) is waited for by a commit on the
	 * closed store, which H2 answers with -1 and no error: it must not be acknowledged.
	 */
	@Test
	void aWriteIsNotAcknowledgedWhenTheStoreClosedBeforeItsCommit() {
		String file = this.dir.resolve("store.mv").toString();
		MVStore store = new MVStore.Builder().fileName(file).autoCommitDisabled().open();
		GroupCommit commits = new GroupCommit(store);
		MVMap<String, String> map = store.openMap("incidents");
		commits.write(() -> map.put("acknowledged", "on the file"));

		assertThatThrownBy(() -> commits.write(() -> {
			String previous = map.put("lost", "in memory only");
			store.closeImmediately();
			return previous;
		})).isInstanceOf(GroupCommit.NotDurable.class).hasMessageContaining("closed");

		MVStore reopened = new MVStore.Builder().fileName(file).open();
		try {
			MVMap<String, String> incidents = reopened.openMap("incidents");
			assertThat(incidents).containsOnlyKeys("acknowledged");
		}
		finally {
			reopened.close();
		}
	}

}
