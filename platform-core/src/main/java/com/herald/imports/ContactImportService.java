package com.herald.imports;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

import com.herald.consent.Channel;
import com.herald.csv.CsvReader;
import com.herald.csv.CsvRecord;
import com.herald.csv.CsvWriter;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * CSV imports of contacts, as people drive them: upload a file (stored in chunks as it
 * streams in, its rows counted and the first ones kept for the mapping preview), map its
 * columns and queue it, follow its progress, download its rejected rows. The rows
 * themselves are applied in the background by {@link ImportRunner}. Every step is
 * audited.
 */
@Service
public class ContactImportService {

	/** Rows after the header kept for the mapping preview. */
	public static final int PREVIEW_ROWS = 5;

	/** The stored file's chunks. */
	static final int CHUNK_BYTES = 1024 * 1024;

	private static final String TARGET = "contact_import";

	private final ImportStore store;

	private final StoreService stores;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	private final ImportProperties properties;

	ContactImportService(ImportStore store, StoreService stores, TenantTransactions transactions, AuditTrail audit,
			ImportProperties properties) {
		this.store = store;
		this.stores = stores;
		this.transactions = transactions;
		this.audit = audit;
		this.properties = properties;
	}

	/** The largest file accepted, in bytes. */
	public long maxFileBytes() {
		return this.properties.maxFileSize().toBytes();
	}

	/**
	 * Stores an uploaded CSV file for mapping. The file streams into the database in
	 * chunks as it is read; its first row is the header. UTF-8 (a byte order mark is
	 * skipped); the delimiter (comma, semicolon, tab or pipe) is detected.
	 * @param storeId the store the imported contacts go to; store managers must name one
	 * of theirs
	 * @throws InvalidInputException for an empty or oversized file, or a store not the
	 * tenant's
	 */
	public ContactImport upload(Actor actor, @Nullable StoreId storeId, String fileName, InputStream content) {
		ImportPermissions.requireImporter(actor);
		TenantId tenant = actor.requireTenant();
		checkStore(actor, tenant, storeId);
		String name = fileName(fileName);
		ImportId id = ImportId.random();
		return this.transactions.inTenant(tenant, () -> {
			this.store.insert(tenant, id, storeId, name, actor);
			FileSummary file = storeFile(tenant, id, content);
			this.store.describeFile(tenant, id, file.bytes(), file.delimiter(), file.header(), file.preview(),
					file.rows());
			Map<String, Object> after = new LinkedHashMap<>();
			after.put("bytes", file.bytes());
			after.put("rows", file.rows());
			after.put("columns", file.header().size());
			this.audit.record(actor, "contact_import.uploaded", target(id, storeId), null, after);
			return this.store.find(tenant, id).orElseThrow().view();
		});
	}

	/**
	 * Uploads a file and starts it with its plan, in one transaction: a plan that does
	 * not fit the file leaves nothing behind.
	 * @param plan the plan, given the file's header (so columns can be named by their
	 * header)
	 * @see #upload
	 * @see #start
	 */
	public ContactImport uploadAndStart(Actor actor, @Nullable StoreId storeId, String fileName, InputStream content,
			Function<List<String>, ImportPlan> plan) {
		ImportPermissions.requireImporter(actor);
		return this.transactions.inTenant(actor.requireTenant(), () -> {
			ContactImport uploaded = upload(actor, storeId, fileName, content);
			return start(actor, uploaded.id(), plan.apply(uploaded.header()));
		});
	}

	/**
	 * Maps an uploaded import's columns and queues it for the background worker.
	 * @throws InvalidInputException per problem of the plan, or when the import was
	 * already mapped
	 */
	public ContactImport start(Actor actor, ImportId id, ImportPlan plan) {
		ImportPermissions.requireImporter(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.inTenant(tenant, () -> {
			ContactImport found = visible(actor, tenant, id);
			plan.check(found.header().size());
			if (!this.store.queue(tenant, id, plan)) {
				throw new InvalidInputException("status", "This import was already started");
			}
			Map<String, Object> after = new LinkedHashMap<>();
			after.put("columns", plan.columns().stream().map(ColumnMapping::target).toList());
			after.put("duplicates", plan.duplicates().key());
			after.put("consentChannels", plan.consentChannels().stream().map(Channel::key).sorted().toList());
			this.audit.record(actor, "contact_import.started", target(id, found.storeId()), null, after);
			return this.store.find(tenant, id).orElseThrow().view();
		});
	}

	/**
	 * One import.
	 * @throws NotFoundException when it is not there, another tenant's, or (for a store
	 * manager) not of their stores
	 */
	public ContactImport get(Actor actor, ImportId id) {
		ImportPermissions.requireImporter(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> visible(actor, tenant, id));
	}

	/** The tenant's imports, newest first; store managers see their stores'. */
	public ImportPage list(Actor actor, int page, int size) {
		ImportPermissions.requireImporter(actor);
		TenantId tenant = actor.requireTenant();
		if (page < 0 || size < 1 || size > ImportPage.MAX_SIZE) {
			throw new InvalidInputException("size", "Use pages from 0 and sizes from 1 to " + ImportPage.MAX_SIZE);
		}
		Set<StoreId> scope = ImportPermissions.isStoreLimited(actor) ? actor.storeIds() : null;
		return this.transactions.readInTenant(tenant, () -> {
			List<ContactImport> items = this.store.list(tenant, scope, page * size, size)
				.stream()
				.map(ImportStore.Row::view)
				.toList();
			return new ImportPage(items, page, size, this.store.count(tenant, scope));
		});
	}

	/**
	 * Writes the import's rejected rows as CSV: the file's line, the reason, then the row
	 * as read under the file's own header. Values that spreadsheets would run as formulas
	 * are neutralised. The download is audited (the rows are personal data).
	 * @return how many rows were written
	 */
	public long writeRejects(Actor actor, ImportId id, Writer out) {
		ImportPermissions.requireImporter(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.inTenant(tenant, () -> {
			ContactImport found = visible(actor, tenant, id);
			this.audit.record(actor, "contact_import.rejects_downloaded", target(id, found.storeId()), null,
					Map.of("rows", found.failedCount()));
			CsvWriter csv = CsvWriter.forSpreadsheets(out);
			long[] written = { 0 };
			try {
				List<String> header = new ArrayList<>(List.of("line", "reason"));
				header.addAll(found.header());
				csv.row(header);
				this.store.eachReject(tenant, id, (reject) -> {
					List<String> row = new ArrayList<>(List.of(String.valueOf(reject.line()), reject.reason()));
					row.addAll(reject.fields());
					try {
						csv.row(row);
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
					written[0]++;
				});
				csv.flush();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return written[0];
		});
	}

	private ContactImport visible(Actor actor, TenantId tenant, ImportId id) {
		ContactImport found = this.store.find(tenant, id)
			.map(ImportStore.Row::view)
			.orElseThrow(() -> new NotFoundException("Import", id));
		if (!ImportPermissions.canSee(actor, found.storeId())) {
			throw new NotFoundException("Import", id);
		}
		return found;
	}

	private void checkStore(Actor actor, TenantId tenant, @Nullable StoreId storeId) {
		if (ImportPermissions.isStoreLimited(actor) && (storeId == null || !actor.canActOnStore(storeId))) {
			throw new PermissionDeniedException("Import into one of your stores");
		}
		if (storeId != null && this.stores.listAll(tenant).stream().noneMatch((s) -> s.getId().equals(storeId))) {
			throw new InvalidInputException("storeId", "Choose one of the tenant's stores");
		}
	}

	/**
	 * Streams the file into chunks while a CSV reader reads the same bytes: one pass
	 * counts the rows and keeps the header and preview, whatever the file's size.
	 */
	private FileSummary storeFile(TenantId tenant, ImportId id, InputStream content) {
		ChunkingInputStream chunks = new ChunkingInputStream(content, maxFileBytes(),
				(seq, data) -> this.store.appendChunk(tenant, id, seq, data));
		BufferedInputStream buffered = new BufferedInputStream(chunks, 64 * 1024);
		try {
			buffered.mark(64 * 1024);
			byte[] sample = buffered.readNBytes(16 * 1024);
			buffered.reset();
			char delimiter = CsvReader.detectDelimiter(new String(sample, StandardCharsets.UTF_8));
			CsvReader reader = new CsvReader(new InputStreamReader(buffered, StandardCharsets.UTF_8), delimiter);
			List<String> header = null;
			List<List<String>> preview = new ArrayList<>();
			long rows = 0;
			while (reader.hasNext()) {
				CsvRecord record = reader.next();
				if (header == null) {
					header = record.blank() ? null : headerOf(record);
					continue;
				}
				if (record.blank()) {
					continue;
				}
				rows++;
				if (preview.size() < PREVIEW_ROWS) {
					preview.add(record.fields().stream().map(ContactImportService::cut).toList());
				}
			}
			chunks.finish();
			if (header == null) {
				throw new InvalidInputException("file", "The file is empty: upload a CSV file with a header row");
			}
			if (rows == 0) {
				throw new InvalidInputException("file", "The file has a header but no rows");
			}
			return new FileSummary(chunks.bytes(), delimiter, header, preview, rows);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> headerOf(CsvRecord record) {
		List<String> header = new ArrayList<>();
		for (int i = 0; i < record.fields().size(); i++) {
			String name = cut(record.fields().get(i).strip());
			header.add(name.isEmpty() ? "column " + (i + 1) : name);
		}
		return header;
	}

	/** Preview cells stay short: the page shows them, the database keeps them. */
	private static String cut(String value) {
		return (value.length() > 200) ? value.substring(0, 200) + "…" : value;
	}

	private static String fileName(@Nullable String fileName) {
		String name = (fileName != null) ? fileName : "";
		name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
			.replaceAll("\\p{Cc}", "")
			.strip();
		if (name.isEmpty()) {
			return "upload.csv";
		}
		return (name.length() > 255) ? name.substring(0, 255) : name;
	}

	static AuditTrail.Target target(ImportId id, @Nullable StoreId store) {
		return (store != null) ? AuditTrail.Target.inStore(TARGET, id, store) : AuditTrail.Target.of(TARGET, id);
	}

	private record FileSummary(long bytes, char delimiter, List<String> header, List<List<String>> preview, long rows) {

	}

	/**
	 * Passes bytes through while writing every byte read to numbered chunks of
	 * {@link #CHUNK_BYTES}; refuses to go beyond the size limit.
	 */
	static final class ChunkingInputStream extends FilterInputStream {

		interface ChunkSink {

			void write(int seq, byte[] data);

		}

		private final long limit;

		private final ChunkSink sink;

		private final byte[] chunk = new byte[CHUNK_BYTES];

		private int filled;

		private int seq;

		private long bytes;

		ChunkingInputStream(InputStream in, long limit, ChunkSink sink) {
			super(in);
			this.limit = limit;
			this.sink = sink;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return (n < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				this.bytes += n;
				if (this.bytes > this.limit) {
					throw new InvalidInputException("file",
							"Upload a file of at most " + (this.limit / (1024 * 1024)) + " MB");
				}
				int copied = 0;
				while (copied < n) {
					int take = Math.min(n - copied, this.chunk.length - this.filled);
					System.arraycopy(buffer, offset + copied, this.chunk, this.filled, take);
					this.filled += take;
					copied += take;
					if (this.filled == this.chunk.length) {
						flushChunk();
					}
				}
			}
			return n;
		}

		@Override
		public boolean markSupported() {
			return false;
		}

		/**
		 * Reads what is left (the reader may stop before the end) and stores the last
		 * chunk.
		 */
		void finish() throws IOException {
			byte[] rest = new byte[64 * 1024];
			while (read(rest, 0, rest.length) >= 0) {
				// every byte goes into the chunks as it is read
			}
			if (this.filled > 0) {
				flushChunk();
			}
		}

		long bytes() {
			return this.bytes;
		}

		private void flushChunk() {
			this.sink.write(this.seq++, java.util.Arrays.copyOf(this.chunk, this.filled));
			this.filled = 0;
		}

	}

}
