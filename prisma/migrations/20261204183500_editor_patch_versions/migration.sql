-- AlterTable
ALTER TABLE "ArtifactVersion" ADD COLUMN     "patch" JSONB,
ADD COLUMN     "snapshotVersion" INTEGER,
ALTER COLUMN "model" DROP NOT NULL;
