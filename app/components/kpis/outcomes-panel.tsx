import { Link, useFetcher } from "@remix-run/react";
import { useState } from "react";
import type { PlaybookOutcomes } from "../../../server/kpis/playbook-outcomes.ts";
import type { PositionsView } from "../../../server/kpis/positions.ts";
import type { PresentedReviewTrigger } from "../../../server/kpis/review-trigger-service.ts";
import { SelectField } from "~/components/documents/fields";
import { FormError, FormField } from "~/components/form-field";
import { PositionBars } from "./position-bars";
import { ReviewFindings } from "./review-findings";

export const NO_OUTCOMES_TEXT = "No outcomes recorded for this playbook yet: outcomes are recorded on a deliverable's Outcomes page.";

type ActionData = { ok: true; message: string } | { ok: false; errors: { formError?: string; fieldErrors?: Record<string, string> } };

/**
 * A playbook's Outcomes tab (ADR 037), for the provider's staff: how each clause was negotiated
 * over the last 12 months, the open review findings, the review triggers (its editors change
 * them) and the way to the full analytics.
 */
export function OutcomesPanel({ documentId, data }: { documentId: string; data: PlaybookOutcomes }) {
  const { positions, mayEdit, triggers, findings } = data;
  const analytics = `/analytics/positions?documentId=${documentId}`;
  const hasPreset = triggers.some((t) => t.kind === "FALLBACK_SHARE_IN_QUARTER" && t.shareNumerator === 1 && t.shareDenominator === 3 && !t.clauseId && !t.fallbackIndex);
  return (
    <div className="outcomes-panel">
      <section aria-labelledby="outcomes-clauses-title">
        <h3 id="outcomes-clauses-title">Outcomes by clause</h3>
        <p className="hint">
          {positions.range.from} to {positions.range.to}: {positions.total.deals} {positions.total.deals === 1 ? "deal" : "deals"}. Shares are of the deals; “not
          applicable” is left out of them.
        </p>
        {positions.clauses.length === 0 ? (
          <p className="empty-state-text">{NO_OUTCOMES_TEXT}</p>
        ) : (
          <PositionBars
            title="How each clause was negotiated"
            rows={positions.clauses.map((c) => ({ key: `${c.clauseId}-${c.perspective}`, label: c.clauseName, sublabel: c.perspective || undefined, figures: c.figures }))}
          />
        )}
        <p>
          <Link to={analytics}>Open the positions analytics</Link>
        </p>
      </section>

      <section aria-labelledby="outcomes-findings-title">
        <h3 id="outcomes-findings-title">Review findings</h3>
        {findings.length ? <ReviewFindings findings={findings} mayDismiss={mayEdit} /> : <p className="hint">No open finding: no review trigger has fired.</p>}
      </section>

      <section aria-labelledby="outcomes-triggers-title">
        <h3 id="outcomes-triggers-title">Review triggers</h3>
        {triggers.length ? (
          <ul className="review-list" aria-label="Review triggers">
            {triggers.map((t) => (
              <li key={t.id}>
                {t.description} {mayEdit ? <RemoveRule documentId={documentId} trigger={t} /> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">No review trigger yet.</p>
        )}
        {mayEdit ? <AddRules documentId={documentId} hasPreset={hasPreset} clauses={positions.clauses} /> : null}
      </section>
    </div>
  );
}

function RemoveRule({ documentId, trigger }: { documentId: string; trigger: PresentedReviewTrigger }) {
  const fetcher = useFetcher<ActionData>();
  return (
    <fetcher.Form method="post" action="/resources/review-triggers" className="inline-form compact">
      <input type="hidden" name="intent" value="remove-rule" />
      <input type="hidden" name="documentId" value={documentId} />
      <input type="hidden" name="triggerId" value={trigger.id} />
      <button type="submit" className="button small" disabled={fetcher.state !== "idle"} aria-label={`Remove the rule: ${trigger.description}`}>
        Remove
      </button>
    </fetcher.Form>
  );
}

function AddRules({ documentId, hasPreset, clauses }: { documentId: string; hasPreset: boolean; clauses: PositionsView["clauses"] }) {
  const preset = useFetcher<ActionData>();
  const rule = useFetcher<ActionData>();
  const [kind, setKind] = useState("FALLBACK_SHARE_IN_QUARTER");
  const errors = rule.data && !rule.data.ok ? rule.data.errors : undefined;
  const field = (name: string) => errors?.fieldErrors?.[name];
  const clauseOptions = [{ value: "", label: "Any clause" }, ...[...new Map(clauses.map((c) => [c.clauseId, c.clauseName]))].map(([value, label]) => ({ value, label }))];
  return (
    <>
      {hasPreset ? null : (
        <preset.Form method="post" action="/resources/review-triggers">
          <input type="hidden" name="intent" value="add-preset" />
          <input type="hidden" name="documentId" value={documentId} />
          <button type="submit" className="button" disabled={preset.state !== "idle"}>
            Add the rule “the same fallback on more than a third of deals in a quarter”
          </button>
        </preset.Form>
      )}
      <rule.Form method="post" action="/resources/review-triggers" aria-label="Add a review trigger">
        <input type="hidden" name="intent" value="add-rule" />
        <input type="hidden" name="documentId" value={documentId} />
        <FormError error={errors?.formError} />
        <SelectField
          label="Rule"
          name="kind"
          value={kind}
          onChange={(e) => setKind(e.target.value)}
          options={[
            { value: "FALLBACK_SHARE_IN_QUARTER", label: "A fallback used in more than a share of deals in a quarter" },
            { value: "RED_LINE_IN_MONTH", label: "The red line conceded N or more times in a month" },
          ]}
          error={field("kind")}
        />
        <SelectField label="Clause" name="clauseId" options={clauseOptions} defaultValue="" error={field("clauseId")} />
        {kind === "RED_LINE_IN_MONTH" ? (
          <FormField label="Red lines in a month" name="minimumCount" type="number" min={1} defaultValue={2} required error={field("minimumCount")} />
        ) : (
          <>
            <FormField label="Fallback (empty: any)" name="fallbackIndex" type="number" min={1} error={field("fallbackIndex")} />
            <FormField label="More than (% of deals)" name="sharePercent" type="number" min={0.01} max={99.99} step={0.01} defaultValue={33.33} required error={field("sharePercent")} />
            <FormField label="Minimum deals in the quarter" name="minimumDeals" type="number" min={1} defaultValue={5} error={field("minimumDeals")} />
          </>
        )}
        <button type="submit" className="button" disabled={rule.state !== "idle"}>
          Add rule
        </button>
        <p className="sr-status" role="status" aria-live="polite">
          {rule.data?.ok ? rule.data.message : preset.data?.ok ? preset.data.message : ""}
        </p>
      </rule.Form>
    </>
  );
}
