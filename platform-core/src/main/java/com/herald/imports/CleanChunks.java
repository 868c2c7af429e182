package com.herald.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.jspecify.annotations.Nullable;

import com.herald.csv.CsvReader;
import com.herald.csv.CsvRecord;

/**
 * Reads and cleans an import's records a chunk ahead, on a thread of its own, while the
 * caller applies the previous chunk in the database: parsing and validating
 * (libphonenumber above all) then costs no wall time as long as it is faster than the
 * database. At most one chunk waits, one is being cleaned and one applied, so memory
 * stays flat whatever the file's size.
 */
final class CleanChunks implements AutoCloseable {

	/** Records {@code from} (exclusive) to {@code to} (inclusive), read and cleaned. */
	record Chunk(long from, long to, List<CsvRecord> records, List<RowCleaner.CleanRow> rows,
			List<ImportStore.Reject> rejects) {

		/** A record of this chunk by its number in the file. */
		CsvRecord record(long number) {
			return this.records.get((int) (number - this.records.get(0).number()));
		}

	}

	private static final Object END = new Object();

	private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(1);

	private final Thread thread;

	private boolean ended;

	/**
	 * Starts reading after {@code done} records (the header not counted), {@code size}
	 * records per chunk.
	 */
	CleanChunks(CsvReader reader, RowCleaner cleaner, long done, int size) {
		this.thread = Thread.ofPlatform().name("contact-import-cleaner").daemon().start(() -> {
			try {
				// the header, then what earlier chunks applied
				for (long i = 0; i < 1 + done && reader.hasNext(); i++) {
					reader.next();
				}
				long from = done;
				while (true) {
					List<CsvRecord> records = new ArrayList<>(size);
					while (records.size() < size && reader.hasNext()) {
						records.add(reader.next());
					}
					if (records.isEmpty()) {
						this.ready.put(END);
						return;
					}
					this.ready.put(clean(cleaner, from, records));
					from += records.size();
				}
			}
			catch (InterruptedException ex) {
				// closed: the caller stopped applying
			}
			catch (RuntimeException | Error ex) {
				try {
					this.ready.put(ex);
				}
				catch (InterruptedException stopped) {
					// closed meanwhile
				}
			}
		});
	}

	private static Chunk clean(RowCleaner cleaner, long from, List<CsvRecord> records) {
		List<RowCleaner.CleanRow> rows = new ArrayList<>(records.size());
		List<ImportStore.Reject> rejects = new ArrayList<>();
		for (CsvRecord record : records) {
			if (record.blank()) {
				continue;
			}
			RowCleaner.CleanRow row = cleaner.clean(record, rejects);
			if (row != null) {
				rows.add(row);
			}
		}
		return new Chunk(from, from + records.size(), records, rows, rejects);
	}

	/**
	 * The next chunk, waiting for it to be cleaned; {@code null} at the end of the file.
	 * @throws RuntimeException what reading or cleaning the file threw
	 */
	@Nullable Chunk next() {
		if (this.ended) {
			return null;
		}
		Object next;
		try {
			next = this.ready.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the import's next rows", ex);
		}
		if (next == END) {
			this.ended = true;
			return null;
		}
		if (next instanceof RuntimeException ex) {
			this.ended = true;
			throw ex;
		}
		if (next instanceof Error error) {
			this.ended = true;
			throw error;
		}
		return (Chunk) next;
	}

	/** Stops reading ahead and waits for the thread to end. */
	@Override
	public void close() {
		this.thread.interrupt();
		try {
			this.thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
