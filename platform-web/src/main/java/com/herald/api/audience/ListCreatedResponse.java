package com.herald.api.audience;

import org.jspecify.annotations.Nullable;

import com.herald.audience.ListService;

/**
 * A list just created with its first members.
 *
 * @param list the list, with its member count
 * @param added contacts put on it
 * @param upload what the CSV did, when it came from one
 */
public record ListCreatedResponse(ListResponse list, long added, @Nullable ListUploadResponse upload) {

	static ListCreatedResponse of(ListService.Created created) {
		return new ListCreatedResponse(ListResponse.of(created.list()), created.added(),
				(created.upload() != null) ? ListUploadResponse.of(created.upload()) : null);
	}

}
