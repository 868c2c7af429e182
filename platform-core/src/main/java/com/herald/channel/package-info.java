/**
 * The channel SPI: what the broadcast engine needs from a provider, and nothing about any
 * particular provider. Channel modules ({@code channel-sms}, {@code channel-email},
 * {@code channel-push}) contribute {@link com.herald.channel.CommunicationChannel} beans;
 * the engine picks one per tenant × channel, sends
 * {@link com.herald.channel.OutboundMessage}s and reads back
 * {@link com.herald.channel.SendResult}s and {@link com.herald.channel.WebhookEvents}.
 */
@ApplicationModule(allowedDependencies = { "consent" })
@NullMarked
package com.herald.channel;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
