-- DropIndex
DROP INDEX "CreditLedgerEntry_taskId_key";

-- CreateIndex
CREATE UNIQUE INDEX "CreditLedgerEntry_taskId_reason_key" ON "CreditLedgerEntry"("taskId", "reason");
