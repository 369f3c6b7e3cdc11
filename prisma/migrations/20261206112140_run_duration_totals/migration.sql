-- A run's durationMs was added to with an increment, which leaves NULL as NULL: every run listed
-- duration_ms null. Runs without a total get the sum of their finished tasks' durations. Idempotent.
UPDATE "Run" AS r
SET "durationMs" = t."total"
FROM (
  SELECT "runId", SUM("durationMs")::integer AS "total"
  FROM "Task"
  WHERE "durationMs" IS NOT NULL
  GROUP BY "runId"
) AS t
WHERE r."id" = t."runId" AND r."durationMs" IS NULL;
