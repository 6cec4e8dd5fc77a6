import { useState } from "react";
import { IntentButton } from "./intent-button";
import { MANDATE_TRANSITION_LABELS, type MandateStatusKey } from "./labels";

/** Completed and cancelled are final (ADR 009): those moves ask once more. */
const FINAL = new Set(["COMPLETED", "CANCELLED"]);

/** The mandate's allowed status moves as buttons. */
export function MandateStatusActions({ title, transitions, busy }: { title: string; transitions: string[]; busy: boolean }) {
  const [confirming, setConfirming] = useState<string>();
  if (!transitions.length) return null;
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
    </div>
  );
}
