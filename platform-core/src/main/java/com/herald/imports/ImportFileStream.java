package com.herald.imports;

import java.io.InputStream;

import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * An import's stored file read back chunk by chunk, each chunk in a short read
 * transaction of its own: at most one chunk is in memory, and no transaction stays open
 * while the rows are applied.
 */
final class ImportFileStream extends InputStream {

	private final ImportStore store;

	private final TenantTransactions transactions;

	private final TenantId tenant;

	private final ImportId id;

	private byte[] chunk = new byte[0];

	private int position;

	private int seq;

	private boolean ended;

	ImportFileStream(ImportStore store, TenantTransactions transactions, TenantId tenant, ImportId id) {
		this.store = store;
		this.transactions = transactions;
		this.tenant = tenant;
		this.id = id;
	}

	@Override
	public int read() {
		if (!ensure()) {
			return -1;
		}
		return this.chunk[this.position++] & 0xff;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) {
		if (length == 0) {
			return 0;
		}
		if (!ensure()) {
			return -1;
		}
		int n = Math.min(length, this.chunk.length - this.position);
		System.arraycopy(this.chunk, this.position, buffer, offset, n);
		this.position += n;
		return n;
	}

	private boolean ensure() {
		while (this.position >= this.chunk.length) {
			if (this.ended) {
				return false;
			}
			int next = this.seq++;
			byte[] data = this.transactions.readInTenant(this.tenant,
					() -> this.store.chunk(this.tenant, this.id, next).orElse(null));
			if (data == null) {
				this.ended = true;
				return false;
			}
			this.chunk = data;
			this.position = 0;
		}
		return true;
	}

}
