import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";

type Result = { ok: true; message: string } | { ok?: false; errors: { formError?: string; fieldErrors?: Record<string, string> } };

/**
 * An admin's switch (ADR 032): the provider's viewers may propose changes to this document's
 * draft as suggestions, which its editors accept or reject. It saves when flipped, through its
 * own fetcher, so its answer or error is shown beside it.
 */
export function ViewersMaySuggest({ enabled }: { enabled: boolean }) {
  const fetcher = useFetcher<Result>();
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  const error = answer && "errors" in answer ? (answer.errors.formError ?? answer.errors.fieldErrors?.viewersMaySuggest ?? "The setting could not be saved.") : undefined;
  // What was asked for at once, then what the page reloaded with; a refusal puts it back.
  const [checked, setChecked] = useState(enabled);
  useEffect(() => setChecked(enabled), [enabled, error]);
  return (
    <fetcher.Form method="post" className="viewers-may-suggest" aria-labelledby="viewers-may-suggest-title">
      <h3 id="viewers-may-suggest-title">Who may suggest</h3>
      <input type="hidden" name="intent" value="viewers-may-suggest" />
      <label className="choice">
        <input
          type="checkbox"
          role="switch"
          name="viewersMaySuggest"
          value="true"
          checked={checked}
          aria-describedby="viewers-may-suggest-hint"
          onChange={(event) => {
            setChecked(event.currentTarget.checked);
            fetcher.submit({ intent: "viewers-may-suggest", viewersMaySuggest: String(event.currentTarget.checked) }, { method: "post" });
          }}
        />{" "}
        Viewers may suggest
      </label>
      <p id="viewers-may-suggest-hint" className="hint">
        Viewers then work on the draft in Suggesting mode: what they type and delete is proposed, for an editor to accept or reject.
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
