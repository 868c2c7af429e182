package com.herald.api.audience;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Contacts to add to or remove from a list.
 *
 * @param contactIds 1 to 1,000 contact ids
 */
public record MembersRequest(@Nullable List<UUID> contactIds) {

}
