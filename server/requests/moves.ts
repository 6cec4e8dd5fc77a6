import { conflict } from "../errors.ts";
import { allowedTransitions, type DeliverableStatus } from "../mandates/transitions.ts";

/**
 * Moves the provider's staff make through the deliverable PATCH, and the ones they may not
 * (ADR 042): deciding a request goes through POST /deliverables/:id/request-decision (it sets the
 * due date and tells the client), and accepting or rejecting a delivery is the client's answer
 * (POST /deliverables/:id/acceptance), or an admin's record of it on the client's behalf.
 */
const isAnswer = (to: DeliverableStatus) => to === "ACCEPTED" || to === "REJECTED";

export function staffMoves(from: DeliverableStatus): DeliverableStatus[] {
  if (from === "REQUESTED") return [];
  return allowedTransitions("deliverable", from).filter((to) => !isAnswer(to));
}

/** 409 for a move the PATCH does not make: it names where the move is made instead. */
export function assertStaffMove(from: DeliverableStatus, to: DeliverableStatus) {
  if (from === "REQUESTED") throw conflict("decide_request", "A client's request is accepted or declined with its decision (POST /api/v1/deliverables/:id/request-decision), which sets its due date and tells the client.");
  if (isAnswer(to)) throw conflict("client_answers", "The client accepts or rejects a delivery (an admin may record their written answer on their behalf): POST /api/v1/deliverables/:id/acceptance.");
}
