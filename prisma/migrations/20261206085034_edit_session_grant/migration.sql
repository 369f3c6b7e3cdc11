-- AlterTable
ALTER TABLE "EditSession" ADD COLUMN     "apiKeyId" TEXT,
ADD COLUMN     "userId" TEXT;

-- CreateIndex
CREATE INDEX "EditSession_apiKeyId_idx" ON "EditSession"("apiKeyId");

-- CreateIndex
CREATE INDEX "EditSession_userId_idx" ON "EditSession"("userId");

-- AddForeignKey
ALTER TABLE "EditSession" ADD CONSTRAINT "EditSession_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EditSession" ADD CONSTRAINT "EditSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
