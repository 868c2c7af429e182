-- A sender's own rate (Twilio: 1 message per second per long code; more for toll-free numbers, short codes and
-- Messaging Services), set beside the senders of the tenant or a store. NULL: the store's falls back to the
-- tenant's, the tenant's to the platform default (herald.sms.twilio.messages-per-second). Row-level security and
-- grants are the table's own.
ALTER TABLE sms_settings
    ADD COLUMN messages_per_second integer CHECK (messages_per_second IS NULL OR messages_per_second BETWEEN 1 AND 10000);
