-- AlterTable
ALTER TABLE "DocumentVersion" ADD COLUMN     "backdateReason" TEXT;
