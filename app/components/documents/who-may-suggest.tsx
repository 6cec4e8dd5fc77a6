import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";

type Result = { ok: true; message: string } | { ok?: false; errors: { formError?: string; fieldErrors?: Record<string, string> } };

/** The document's columns that let someone who may not edit it suggest on its draft (ADR 032). */
export type MaySuggestField = "viewersMaySuggest" | "clientMaySuggest";

const SWITCHES: Record<MaySuggestField, { label: string; hint: string }> = {
  // An admin's: access to the draft for the provider's viewers.
  viewersMaySuggest: {
    label: "Viewers may suggest",
    hint: "Viewers then work on the draft in Suggesting mode: what they type and delete is proposed, for an editor to accept or reject.",
  },
  // Its editors': a deliverable's document, opened to its client's members who read it.
  clientMaySuggest: {
    label: "The client may suggest",
    hint: "The client's members who read this document then work on its live draft in Suggesting mode, for an editor to accept or reject. Never once delivered.",
  },
};

/**
 * Who may propose changes to this document's draft as suggestions, besides its editors: one
 * switch per field this person may set. Each saves when flipped, through its own fetcher, so
 * its answer or error is shown beside it.
 */
export function WhoMaySuggest({ switches }: { switches: { field: MaySuggestField; enabled: boolean }[] }) {
  if (!switches.length) return null;
  return (
    <section className="who-may-suggest" aria-labelledby="who-may-suggest-title">
      <h3 id="who-may-suggest-title">Who may suggest</h3>
      {switches.map((s) => (
        <MaySuggestSwitch key={s.field} field={s.field} enabled={s.enabled} />
      ))}
    </section>
  );
}

function MaySuggestSwitch({ field, enabled }: { field: MaySuggestField; enabled: boolean }) {
  const fetcher = useFetcher<Result>();
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  const error = answer && "errors" in answer ? (answer.errors.formError ?? answer.errors.fieldErrors?.[field] ?? "The setting could not be saved.") : undefined;
  // What was asked for at once, then what the page reloaded with; a refusal puts it back.
  const [checked, setChecked] = useState(enabled);
  useEffect(() => setChecked(enabled), [enabled, error]);
  const { label, hint } = SWITCHES[field];
  const hintId = `${field}-hint`;
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="may-suggest" />
      <input type="hidden" name="field" value={field} />
      <label className="choice">
        <input
          type="checkbox"
          role="switch"
          name={field}
          value="true"
          checked={checked}
          aria-describedby={hintId}
          onChange={(event) => {
            setChecked(event.currentTarget.checked);
            fetcher.submit({ intent: "may-suggest", field, [field]: String(event.currentTarget.checked) }, { method: "post" });
          }}
        />{" "}
        {label}
      </label>
      <p id={hintId} className="hint">
        {hint}
      </p>
      <noscript>
        <button type="submit" className="button small">
          Save
        </button>
      </noscript>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <p className="visually-hidden" role="status">
        {answer && "message" in answer ? answer.message : ""}
      </p>
    </fetcher.Form>
  );
}
