-- CreateIndex
CREATE INDEX "EditSession_expiresAt_idx" ON "EditSession"("expiresAt");
