-- Edit tokens were stored raw by earlier versions: in webhook payloads (the task's edit_url), in
-- receivers' answers that echoed them, and in Idempotency-Key replays. Payloads now carry no link
-- (it is minted when an attempt is sent); the rest is redacted. Idempotent.
UPDATE "WebhookDelivery"
SET "payload" = jsonb_set("payload", '{data,result,edit_url}', 'null'::jsonb)
WHERE "payload" #>> '{data,result,edit_url}' LIKE '%edt\_%';

UPDATE "WebhookDelivery"
SET "lastResponse" = regexp_replace("lastResponse"::text, 'edt_[A-Za-z0-9_-]{43}', '[edit token removed]', 'g')::jsonb
WHERE "lastResponse"::text LIKE '%edt\_%';

UPDATE "WebhookAttempt"
SET "responseBody" = regexp_replace("responseBody", 'edt_[A-Za-z0-9_-]{43}', '[edit token removed]', 'g')
WHERE "responseBody" LIKE '%edt\_%';

UPDATE "WebhookAttempt"
SET "error" = regexp_replace("error", 'edt_[A-Za-z0-9_-]{43}', '[edit token removed]', 'g')
WHERE "error" LIKE '%edt\_%';

-- a replay of such a response keeps its shape; its edit_url no longer opens (mint a new one with GET /runs/{id})
UPDATE "IdempotencyRecord"
SET "responseBody" = regexp_replace("responseBody"::text, 'edt_[A-Za-z0-9_-]{43}', 'edt_invalid', 'g')::jsonb
WHERE "responseBody"::text LIKE '%edt\_%';
