package com.herald.api.contact;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A merge of another contact into the one in the URL.
 *
 * @param removeId the contact merged in and then deleted; the URL's contact's values win
 */
public record MergeRequest(@Nullable UUID removeId) {

}
