-- AlterTable
ALTER TABLE "ToolkitItem" ADD COLUMN "deliverableType" TEXT;
