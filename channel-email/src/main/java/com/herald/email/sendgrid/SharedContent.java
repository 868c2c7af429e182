package com.herald.email.sendgrid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One body shared by many rendered variants of it, for SendGrid's per-personalization
 * substitutions: the text every variant has in common stays in the body, and each stretch
 * where variants differ becomes a slot that each recipient fills with their own text.
 * SendGrid takes one content per request, so this is what lets 1,000 differently rendered
 * emails (names, links, unsubscribe tokens) travel in one request while every recipient
 * still gets exactly their own rendering.
 * <p>
 * Each variant is aligned to the first one: exact runs are extended with a vectorised
 * mismatch, and after a difference the two are re-synchronised on the next
 * {@value #ANCHOR}-character stretch of the first variant that the other contains nearby
 * (found through a hash index of the first variant, so a difference costs about its own
 * length). Text shared by every variant, and unbroken in each, is common; the rest are
 * slots. The result is exact whatever the alignment finds: each variant is rebuilt from
 * the common text and its own slot values.
 */
final class SharedContent {

	/** How many characters re-synchronise two variants after a difference. */
	static final int ANCHOR = 12;

	/** How far apart (in characters) two variants may drift at one difference. */
	static final int MAX_DRIFT = 2048;

	private final List<Object> parts;

	private final List<String[]> values;

	private SharedContent(List<Object> parts, List<String[]> values) {
		this.parts = parts;
		this.values = values;
	}

	/**
	 * Splits the variants into common text and slots.
	 * @param variants the rendered texts, at least one
	 */
	static SharedContent of(List<String> variants) {
		char[] reference = variants.get(0).toCharArray();
		int n = reference.length;
		AnchorIndex index = new AnchorIndex(reference);
		// variable[p]: some variant does not have reference character p in a matched run;
		// cut[p]: some variant's matched run starts or ends at p
		boolean[] variable = new boolean[n + 1];
		boolean[] cut = new boolean[n + 1];
		List<int[]> alignments = new ArrayList<>(variants.size());
		List<char[]> docs = new ArrayList<>(variants.size());
		for (String variant : variants) {
			char[] doc = variant.toCharArray();
			int[] spans = align(reference, doc, index);
			alignments.add(spans);
			docs.add(doc);
			int covered = 0;
			for (int s = 0; s < spans.length; s += 3) {
				int start = spans[s];
				int length = spans[s + 2];
				Arrays.fill(variable, covered, start, true);
				cut[start] = true;
				cut[start + length] = true;
				covered = start + length;
			}
			Arrays.fill(variable, covered, n, true);
		}
		// the common runs: maximal stretches of the reference every variant matched
		// unbroken
		List<int[]> runs = new ArrayList<>();
		int p = 0;
		while (p < n) {
			if (variable[p]) {
				p++;
				continue;
			}
			int start = p;
			p++;
			while (p < n && !variable[p] && !cut[p]) {
				p++;
			}
			runs.add(new int[] { start, p });
		}
		List<Object> parts = new ArrayList<>();
		List<String[]> values = new ArrayList<>(variants.size());
		for (int v = 0; v < variants.size(); v++) {
			values.add(slotValues(runs, alignments.get(v), docs.get(v)));
		}
		// a slot sits before, between and after the runs, unless every variant leaves it
		// empty
		int slots = runs.size() + 1;
		boolean[] used = new boolean[slots];
		for (String[] own : values) {
			for (int s = 0; s < slots; s++) {
				used[s] |= !own[s].isEmpty();
			}
		}
		int[] slotNumber = new int[slots];
		int next = 0;
		for (int s = 0; s < slots; s++) {
			slotNumber[s] = used[s] ? next++ : -1;
			if (used[s]) {
				parts.add(Integer.valueOf(slotNumber[s]));
			}
			if (s < runs.size()) {
				int[] run = runs.get(s);
				parts.add(new String(reference, run[0], run[1] - run[0]));
			}
		}
		List<String[]> compact = new ArrayList<>(values.size());
		for (String[] own : values) {
			String[] kept = new String[next];
			for (int s = 0; s < slots; s++) {
				if (slotNumber[s] >= 0) {
					kept[slotNumber[s]] = own[s];
				}
			}
			compact.add(kept);
		}
		return new SharedContent(parts, compact);
	}

	/** How many slots the shared body has. */
	int slots() {
		return (this.values.isEmpty()) ? 0 : this.values.get(0).length;
	}

	/** The shared body, each slot written as {@code tag(slot)}. */
	String body(java.util.function.IntFunction<String> tag) {
		StringBuilder body = new StringBuilder();
		for (Object part : this.parts) {
			body.append((part instanceof Integer slot) ? tag.apply(slot) : (String) part);
		}
		return body.toString();
	}

	/** The slot values of one variant, in slot order. */
	String[] values(int variant) {
		return this.values.get(variant);
	}

	/** The common text interleaved with a variant's own values: the variant itself. */
	String rebuild(int variant) {
		String[] own = this.values.get(variant);
		return body((slot) -> own[slot]);
	}

	/**
	 * For each run, the variant's text before it (since the previous run), then the text
	 * after the last run.
	 */
	private static String[] slotValues(List<int[]> runs, int[] spans, char[] doc) {
		String[] own = new String[runs.size() + 1];
		int docPosition = 0;
		int span = 0;
		for (int r = 0; r < runs.size(); r++) {
			int start = runs.get(r)[0];
			int end = runs.get(r)[1];
			while (spans[span] + spans[span + 2] < end) {
				span += 3;
			}
			int mapped = spans[span + 1] + (start - spans[span]);
			own[r] = new String(doc, docPosition, mapped - docPosition);
			docPosition = mapped + (end - start);
		}
		own[runs.size()] = new String(doc, docPosition, doc.length - docPosition);
		return own;
	}

	/**
	 * Matched runs of {@code doc} against {@code reference}, as triples (reference start,
	 * doc start, length), increasing in both.
	 */
	private static int[] align(char[] reference, char[] doc, AnchorIndex index) {
		int[] spans = new int[48];
		int count = 0;
		int i = 0;
		int j = 0;
		while (i < reference.length && j < doc.length) {
			int mismatch = Arrays.mismatch(reference, i, reference.length, doc, j, doc.length);
			int length = (mismatch < 0) ? Math.min(reference.length - i, doc.length - j) : mismatch;
			if (length > 0) {
				if (count + 3 > spans.length) {
					spans = Arrays.copyOf(spans, spans.length * 2);
				}
				spans[count++] = i;
				spans[count++] = j;
				spans[count++] = length;
				i += length;
				j += length;
				continue;
			}
			// a difference: find where the two agree again, nearest first
			boolean found = false;
			int limit = Math.min(doc.length - ANCHOR, j + MAX_DRIFT);
			for (int dj = j; dj <= limit; dj++) {
				int at = index.find(doc, dj, i, i + MAX_DRIFT);
				if (at >= 0) {
					i = at;
					j = dj;
					found = true;
					break;
				}
			}
			if (!found) {
				break;
			}
		}
		return Arrays.copyOf(spans, count);
	}

	/** Where each {@value #ANCHOR}-character stretch of the reference occurs. */
	private static final class AnchorIndex {

		private final char[] reference;

		private final Map<Long, int[]> positions = new HashMap<>();

		AnchorIndex(char[] reference) {
			this.reference = reference;
			Map<Long, List<Integer>> found = new HashMap<>();
			for (int p = 0; p + ANCHOR <= reference.length; p++) {
				found.computeIfAbsent(hash(reference, p), (h) -> new ArrayList<>(1)).add(p);
			}
			found
				.forEach((hash, list) -> this.positions.put(hash, list.stream().mapToInt(Integer::intValue).toArray()));
		}

		/**
		 * The first position in [{@code from}, {@code to}] where the reference has the
		 * stretch {@code doc} has at {@code at}, or -1.
		 */
		int find(char[] doc, int at, int from, int to) {
			int[] candidates = this.positions.get(hash(doc, at));
			if (candidates == null) {
				return -1;
			}
			int k = Arrays.binarySearch(candidates, from);
			for (int c = (k >= 0) ? k : -k - 1; c < candidates.length && candidates[c] <= to; c++) {
				if (Arrays.equals(this.reference, candidates[c], candidates[c] + ANCHOR, doc, at, at + ANCHOR)) {
					return candidates[c];
				}
			}
			return -1;
		}

		private static long hash(char[] text, int at) {
			long hash = 1125899906842597L;
			for (int k = at; k < at + ANCHOR; k++) {
				hash = 31 * hash + text[k];
			}
			return hash;
		}

	}

}
