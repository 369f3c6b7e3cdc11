-- AlterTable
ALTER TABLE "WebhookAttempt" ADD COLUMN     "finishedAt" TIMESTAMP(3),
ADD COLUMN     "responseBody" TEXT;

-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "dedupeKey" TEXT,
ADD COLUMN     "deliveredAt" TIMESTAMP(3),
ADD COLUMN     "redeliveryOfId" TEXT,
ADD COLUMN     "target" TEXT NOT NULL DEFAULT 'endpoint';

-- AlterTable
ALTER TABLE "WebhookEndpoint" ADD COLUMN     "description" TEXT,
ADD COLUMN     "disabledReason" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_dedupeKey_key" ON "WebhookDelivery"("dedupeKey");

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_id_idx" ON "WebhookDelivery"("endpointId", "id");

-- CreateIndex
CREATE INDEX "WebhookDelivery_taskId_idx" ON "WebhookDelivery"("taskId");
