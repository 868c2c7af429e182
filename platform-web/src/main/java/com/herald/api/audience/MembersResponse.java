package com.herald.api.audience;

/**
 * What adding or removing contacts did.
 *
 * @param changed contacts added (not on the list before) or removed (on it before)
 * @param list the list afterwards
 */
public record MembersResponse(int changed, ListResponse list) {

}
