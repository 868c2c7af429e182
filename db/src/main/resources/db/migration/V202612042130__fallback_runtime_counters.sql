-- Runtime fallback in fallback-mode broadcasts: when a recipient's delivery on one channel fails for good (the
-- provider refused it, reported it undelivered, or it bounced), Herald queues a delivery on the next listed channel the
-- recipient may receive at that moment, with step = the failed delivery's step + 1 (one per recipient x step:
-- deliveries_recipient_key and a check under the failed delivery's row lock keep it to one).
--
-- The failed delivery keeps its own outcome (failed, or sent + undelivered); the new one is a delivery like any other:
-- it adds 1 to total on its channel and on the broadcast, so sent + failed + skipped = total still holds.
--   fell_back:  this channel's deliveries that failed for good and were followed by one on a later channel;
--   fallbacks:  of this channel's total, the deliveries queued by fallback from an earlier channel.
ALTER TABLE broadcast_channel_stats
    ADD COLUMN fell_back bigint NOT NULL DEFAULT 0,
    ADD COLUMN fallbacks bigint NOT NULL DEFAULT 0;
