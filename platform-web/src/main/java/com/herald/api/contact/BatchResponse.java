package com.herald.api.contact;

import java.util.List;

/**
 * What a batch upsert did: counts, and one result per item in the order sent.
 *
 * @param created new contacts
 * @param updated changed contacts
 * @param unchanged contacts that already held exactly this
 * @param rejected items not written because of invalid values
 * @param conflicts items not written because their identifiers belong to different
 * contacts
 * @param results per item
 */
public record BatchResponse(int created, int updated, int unchanged, int rejected, int conflicts,
		List<UpsertResponse> results) {

	static BatchResponse of(List<UpsertResponse> results) {
		return new BatchResponse(count(results, "CREATED"), count(results, "UPDATED"), count(results, "UNCHANGED"),
				count(results, "REJECTED"), count(results, "CONFLICT"), results);
	}

	private static int count(List<UpsertResponse> results, String outcome) {
		return (int) results.stream().filter((result) -> result.outcome().equals(outcome)).count();
	}

}
