-- AlterTable
ALTER TABLE "ArtifactVersion" ADD COLUMN     "modelKey" TEXT;
