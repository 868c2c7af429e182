package com.herald.api.invitation;

/**
 * A new invitation and the link that accepts it, shown this once.
 *
 * @param invitation the invitation
 * @param acceptUrl the link to send to the invited person
 */
public record IssuedInvitationResponse(InvitationResponse invitation, String acceptUrl) {

}
