-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "clientMaySuggest" BOOLEAN NOT NULL DEFAULT false;
