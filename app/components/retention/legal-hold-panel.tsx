import { Form } from "@remix-run/react";
import { TextareaField } from "~/components/documents/fields";
import { FormError } from "~/components/form-field";
import { formatDate } from "~/utils/format";
import type { PresentedHold } from "../../../server/retention/presenter.ts";

type Errors = { formError?: string; fieldErrors?: Record<string, string> } | undefined;

/**
 * Legal holds on a mandate or client (ADR 021): while one is in force nothing of it can be
 * deleted or purged. Admins place and lift them, with a reason on the record.
 */
export function LegalHoldPanel({
  holds,
  canManage,
  errors,
  busy,
  scope = "mandate",
}: {
  holds: PresentedHold[];
  canManage: boolean;
  errors: Errors;
  busy: boolean;
  /** Which holds this page places and lifts: the mandate's own, or the client's (a mandate page also lists its client's). */
  scope?: "mandate" | "client";
}) {
  const active = holds.filter((h) => !h.liftedAt);
  const ours = (h: PresentedHold) => (scope === "mandate" ? !!h.mandate : !!h.client);
  return (
    <section className="panel" aria-labelledby="legal-hold-title">
      <h2 id="legal-hold-title">Legal hold</h2>
      {active.length === 0 ? <p className="muted">No legal hold is in force.</p> : null}
      <ul>
        {holds.map((h) => (
          <li key={h.id}>
            <strong>{h.liftedAt ? "Lifted" : "In force"}</strong>
            {h.client ? ` (on ${h.client.name})` : ""}: {h.reason} — placed {formatDate(h.placedAt)}
            {h.placedBy ? ` by ${h.placedBy.name}` : ""}
            {h.liftedAt ? `; lifted ${formatDate(h.liftedAt)}${h.liftedBy ? ` by ${h.liftedBy.name}` : ""}: ${h.liftReason ?? ""}` : ""}
            {canManage && !h.liftedAt && ours(h) ? (
              <Form method="post" aria-label="Lift the legal hold">
                <input type="hidden" name="intent" value="hold-lift" />
                <input type="hidden" name="holdId" value={h.id} />
                <TextareaField label="Why lift it" name="liftReason" required rows={2} error={errors?.fieldErrors?.reason} />
                <button type="submit" className="button" disabled={busy}>
                  Lift the hold
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {canManage && !active.some(ours) ? (
        <Form method="post" aria-label="Place a legal hold">
          <input type="hidden" name="intent" value="hold-place" />
          <TextareaField label="Reason for the hold" name="holdReason" required rows={2} error={errors?.fieldErrors?.reason} hint={`Nothing of this ${scope === "mandate" ? "mandate" : "client's material or mandates"} can be deleted or purged while it lasts.`} />
          <button type="submit" className="button danger" disabled={busy}>
            Place a legal hold
          </button>
        </Form>
      ) : null}
      <FormError error={errors?.formError} />
    </section>
  );
}
