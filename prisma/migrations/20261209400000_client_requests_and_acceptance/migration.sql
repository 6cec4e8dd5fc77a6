-- Client requests and acceptance by the client (ADR 042): request forms and the deemed-acceptance
-- window on the mandate, who asked for a deliverable and how it was accepted, and the files
-- clients attach to requests (client material).
ALTER TYPE "NotificationKind" ADD VALUE 'CLIENT_REQUEST_RECEIVED';
ALTER TYPE "NotificationKind" ADD VALUE 'CLIENT_REQUEST_DECIDED';
ALTER TYPE "NotificationKind" ADD VALUE 'DELIVERY_ANSWERED';

CREATE TYPE "RequestPriority" AS ENUM ('LOW', 'NORMAL', 'HIGH', 'URGENT');
CREATE TYPE "AcceptanceMode" AS ENUM ('CLIENT', 'DEEMED', 'ON_BEHALF');

ALTER TABLE "Mandate" ADD COLUMN "deemedAcceptanceBusinessDays" INTEGER NOT NULL DEFAULT 5,
  ADD COLUMN "requestForms" JSONB NOT NULL DEFAULT '[]';

ALTER TABLE "Deliverable" ADD COLUMN "requestedById" TEXT,
  ADD COLUMN "requestPriority" "RequestPriority",
  ADD COLUMN "counterparty" TEXT NOT NULL DEFAULT '',
  ADD COLUMN "desiredDate" DATE,
  ADD COLUMN "declineReason" TEXT,
  ADD COLUMN "rejectionReason" TEXT,
  ADD COLUMN "acceptedVia" "AcceptanceMode",
  ADD COLUMN "acceptedById" TEXT;

CREATE TABLE "RequestAttachment" (
    "id" TEXT NOT NULL,
    "mandateId" TEXT NOT NULL,
    "deliverableId" TEXT,
    "clientOrganizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "uploadedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RequestAttachment_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "RequestAttachment_mandateId_idx" ON "RequestAttachment"("mandateId");
CREATE INDEX "RequestAttachment_deliverableId_idx" ON "RequestAttachment"("deliverableId");

ALTER TABLE "RequestAttachment" ADD CONSTRAINT "RequestAttachment_mandateId_fkey" FOREIGN KEY ("mandateId") REFERENCES "Mandate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "RequestAttachment" ADD CONSTRAINT "RequestAttachment_deliverableId_fkey" FOREIGN KEY ("deliverableId") REFERENCES "Deliverable"("id") ON DELETE SET NULL ON UPDATE CASCADE;

