-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "viewersMaySuggest" BOOLEAN NOT NULL DEFAULT false;
