package org.caduceus.embeddedmongo;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import org.h2.mvstore.MVStore;
import org.jspecify.annotations.Nullable;

/**
 * Makes a write durable before it is acknowledged, sharing one commit among the writes
 * that wait at the same time (group commit).
 *
 * <p>
 * A write runs inside {@link #write(Supplier)}: it holds the shared side of a gate while
 * it changes the store's maps (a document, its index entries and the collection's size
 * are several map changes), so that a commit, which takes the exclusive side, never
 * captures half of one write. After the write, its thread waits until a commit that began
 * after the write ended has reached the file and been forced to the device. The first
 * waiter commits for everyone who waits with it; the others wait for that commit or lead
 * the next one.
 *
 * <p>
 * A commit that fails (no space left, an I/O error) closes the store: its memory then
 * holds writes its file does not, and must never be committed or read again. The writes
 * of that commit and every later one are answered with {@link NotDurable}; the backend
 * opens the file again at its last durable commit ({@link RecoveringBackend}).
 *
 * <p>
 * The store's own background commits must be off: they would commit at any instant, also
 * in the middle of a write.
 */
final class GroupCommit {

	private final MVStore store;

	private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

	private final Object monitor = new Object();

	/** Writes finished so far; a write's ticket is the value after its own. */
	private long finished;

	/** Every write with a ticket up to this is on the device. */
	private long durable;

	private boolean committing;

	/** The writes up to this ticket failed to commit: they must not be acknowledged. */
	private long failedUpTo;

	private @Nullable Throwable failure;

	private long commits;

	/** Runs before each commit, with no write in progress (the integrity marker). */
	private final Runnable beforeCommit;

	/** The newest commit forced to the device. */
	private volatile long durableVersion = -1;

	GroupCommit(MVStore store) {
		this(store, () -> {
		});
	}

	GroupCommit(MVStore store, Runnable beforeCommit) {
		this.store = store;
		this.beforeCommit = beforeCommit;
	}

	/** The newest commit known to be on the device, -1 before the first. */
	long durableVersion() {
		return this.durableVersion;
	}

	/**
	 * Runs a write and returns its answer once the write is on the device.
	 * @throws NotDurable when the commit failed; the write must not be acknowledged
	 */
	<T> T write(Supplier<T> change) {
		T answer;
		long ticket;
		Lock shared = this.gate.readLock();
		shared.lock();
		try {
			answer = change.get();
		}
		finally {
			shared.unlock();
			synchronized (this.monitor) {
				ticket = ++this.finished;
			}
		}
		awaitDurable(ticket);
		return answer;
	}

	/**
	 * Runs a write that its client asked not to wait for the journal ({@code j: false}):
	 * answered from memory, as MongoDB does, and committed with the next commit.
	 */
	<T> T writeUnjournaled(Supplier<T> change) {
		Lock shared = this.gate.readLock();
		shared.lock();
		try {
			return change.get();
		}
		finally {
			shared.unlock();
		}
	}

	/** Commits what unjournaled writes left in memory; called about once a second. */
	void flush() {
		if (this.store.hasUnsavedChanges()) {
			write(() -> null);
		}
	}

	/**
	 * Runs {@code close} with no write in progress (the store's last commit, at shutdown,
	 * must not capture half of one either).
	 */
	void closeBetweenWrites(Runnable close) {
		Lock exclusive = this.gate.writeLock();
		exclusive.lock();
		try {
			close.run();
		}
		finally {
			exclusive.unlock();
		}
	}

	/**
	 * Runs {@code action} at a commit point: it takes the exclusive side of the gate, so
	 * that no write is in progress and none starts, commits what earlier writes changed
	 * and forces it to the device; the file then holds exactly those writes, and
	 * {@code action} may copy it. Writes wait until {@code action} returns.
	 */
	<T> T atCommitPoint(Supplier<T> action) {
		Lock exclusive = this.gate.writeLock();
		exclusive.lock();
		try {
			try {
				if (this.store.hasUnsavedChanges()) {
					this.beforeCommit.run();
				}
				long version = this.store.commit();
				if (this.store.getFileStore() != null) {
					this.store.sync();
					synchronized (this.monitor) {
						this.durableVersion = Math.max(this.durableVersion, version);
					}
				}
			}
			catch (RuntimeException | Error ex) {
				closeAfterFailure();
				throw ex;
			}
			return action.get();
		}
		finally {
			exclusive.unlock();
		}
	}

	/** Commits made so far (for tests and figures: fewer than writes under load). */
	long commits() {
		synchronized (this.monitor) {
			return this.commits;
		}
	}

	private void awaitDurable(long ticket) {
		while (true) {
			long target;
			synchronized (this.monitor) {
				while (true) {
					if (ticket <= this.failedUpTo && ticket > this.durable) {
						throw new NotDurable(this.failure);
					}
					if (this.durable >= ticket) {
						return;
					}
					if (!this.committing) {
						break;
					}
					try {
						this.monitor.wait();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new NotDurable(ex);
					}
				}
				this.committing = true;
				target = this.finished;
			}
			Throwable failed = null;
			try {
				commitAndForce();
			}
			catch (Throwable ex) {
				// an Error too: the waiters must hear of it, or they would wait for ever
				failed = ex;
				closeAfterFailure();
			}
			finally {
				synchronized (this.monitor) {
					this.committing = false;
					this.commits++;
					if (failed == null) {
						this.durable = Math.max(this.durable, target);
					}
					else {
						this.failedUpTo = Math.max(this.failedUpTo, target);
						this.failure = failed;
					}
					this.monitor.notifyAll();
				}
			}
			if (failed instanceof Error error) {
				throw error;
			}
		}
	}

	private void commitAndForce() {
		long version;
		Lock exclusive = this.gate.writeLock();
		exclusive.lock();
		try {
			if (this.store.hasUnsavedChanges()) {
				this.beforeCommit.run();
			}
			version = this.store.commit();
			if (version < 0 && this.store.isClosed()) {
				// H2 commits nothing on a closed store and says so only by -1: a write
				// that reached its maps before a failed commit closed it is not on the
				// file, and must not be acknowledged
				Throwable earlier;
				synchronized (this.monitor) {
					earlier = this.failure;
				}
				throw new IllegalStateException("the store was closed by a failed commit; nothing was committed",
						earlier);
			}
		}
		finally {
			exclusive.unlock();
		}
		// the chunk is written; forcing it to the device can overlap the next writes
		if (version >= 0 && this.store.getFileStore() != null) {
			this.store.sync();
			synchronized (this.monitor) {
				this.durableVersion = Math.max(this.durableVersion, version);
			}
		}
	}

	/**
	 * After a failed commit or sync the store's memory may hold what its file does not
	 * (and after a failed sync Linux may have dropped the pages it could not write): the
	 * store is closed at once, so that nothing of it is committed or read again.
	 */
	private void closeAfterFailure() {
		try {
			this.store.closeImmediately();
		}
		catch (RuntimeException ex) {
			// H2 closed it itself (its panic); nothing else to release
		}
	}

	/**
	 * A write that reached memory but not the file: its client gets an error, not an ack.
	 */
	static final class NotDurable extends RuntimeException {

		private static final long serialVersionUID = 1L;

		NotDurable(@Nullable Throwable cause) {
			super("the write could not be committed to the store file"
					+ ((cause != null) ? ": " + cause.getMessage() : ""), cause);
		}

	}

}
