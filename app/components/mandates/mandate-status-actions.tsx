import { useState } from "react";
import { IntentButton } from "./intent-button";
import { MANDATE_TRANSITION_LABELS, type MandateStatusKey } from "./labels";

/** Completed and cancelled are final (ADR 009): those moves ask once more; so does deleting a proposed mandate. */
const FINAL = new Set(["COMPLETED", "CANCELLED"]);
const DELETE = "delete";

/** The mandate's allowed status moves as buttons. */
export function MandateStatusActions({ title, transitions, deletable, busy }: { title: string; transitions: string[]; deletable: boolean; busy: boolean }) {
  const [confirming, setConfirming] = useState<string>();
  if (!transitions.length && !deletable) return null;
  if (confirming === DELETE) {
    return (
      <div className="confirm" role="group" aria-label="Confirm deleting the mandate">
        <span>Delete “{title}”? It never started: its deliverables and links go with it. The audit trail keeps a record.</span>
        <IntentButton intent="delete-mandate" fields={{}} danger disabled={busy}>
          Yes, delete it
        </IntentButton>
        <button type="button" className="button small" onClick={() => setConfirming(undefined)}>
          Keep it
        </button>
      </div>
    );
  }
  if (confirming) {
    return (
      <div className="confirm" role="group" aria-label="Confirm the status change">
        <span>
          {MANDATE_TRANSITION_LABELS[confirming as MandateStatusKey]} “{title}”? This is final: the mandate no longer changes afterwards.
        </span>
        <IntentButton intent="status" fields={{ status: confirming }} danger={confirming === "CANCELLED"} disabled={busy}>
          Yes, {MANDATE_TRANSITION_LABELS[confirming as MandateStatusKey].toLowerCase()}
        </IntentButton>
        <button type="button" className="button small" onClick={() => setConfirming(undefined)}>
          Keep it open
        </button>
      </div>
    );
  }
  return (
    <div className="transition-buttons" role="group" aria-label="Change the mandate's status">
      {transitions.map((to) =>
        FINAL.has(to) ? (
          <button key={to} type="button" className={`button small${to === "CANCELLED" ? " danger" : ""}`} onClick={() => setConfirming(to)}>
            {MANDATE_TRANSITION_LABELS[to as MandateStatusKey]}…
          </button>
        ) : (
          <IntentButton key={to} intent="status" fields={{ status: to }} disabled={busy}>
            {MANDATE_TRANSITION_LABELS[to as MandateStatusKey]}
          </IntentButton>
        ),
      )}
      {deletable ? (
        <button type="button" className="button small danger" onClick={() => setConfirming(DELETE)}>
          Delete mandate…
        </button>
      ) : null}
    </div>
  );
}
