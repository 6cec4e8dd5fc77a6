-- An admin's decision on a role holder's behalf is recorded as such (ADR 036).
ALTER TABLE "NegotiationOutcome" ADD COLUMN "approvalOnBehalf" BOOLEAN NOT NULL DEFAULT false;

-- The delivery record keeps the deliverable's negotiation outcomes as they stood at delivery (ADR 020, 036).
ALTER TABLE "DeliveryRecord" ADD COLUMN "outcomes" JSONB NOT NULL DEFAULT '[]';
