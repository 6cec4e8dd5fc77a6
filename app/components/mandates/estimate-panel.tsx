import type { presentEstimate } from "../../../server/effort/presenter.ts";

export type PresentedEstimate = ReturnType<typeof presentEstimate>;

/**
 * The mandate's estimate at completion (ADR 039), for the provider's staff only: cost so far
 * from time entries, what the open deliverables are still expected to cost, against the fees
 * and the budget, with its basis in words and the deliverables losing money named.
 */
export function EstimatePanel({ estimate: e }: { estimate: PresentedEstimate }) {
  const losing = e.deliverables.filter((d) => d.loss);
  const row = (label: string, value: { formatted: string; minor: number }, negativeIsBad = false) => (
    <>
      <dt>{label}</dt>
      <dd className={negativeIsBad && value.minor < 0 ? "figure-bad" : undefined}>
        {e.currency} {value.formatted}
      </dd>
    </>
  );
  return (
    <section className="card estimate-panel" aria-labelledby="estimate-title">
      <h2 id="estimate-title">Estimate at completion</h2>
      <p className="hint">Internal: never shown to the client.</p>
      <dl className="estimate-figures">
        {row("Cost so far", e.costSoFar)}
        {row("Expected remaining cost", e.remaining)}
        {row("Estimate at completion", e.estimateAtCompletion)}
        {row("Fees", e.fees)}
        {row("Margin at completion", e.marginAtCompletion, true)}
        {row("Budget", e.budget)}
        {row("Budget left at completion", e.budgetLeftAtCompletion, true)}
      </dl>
      {losing.length ? (
        <div className="notice warning" role="status">
          <p>
            <strong>Loss warning</strong>: {losing.length} fixed-fee {losing.length === 1 ? "deliverable costs" : "deliverables cost"} more than {losing.length === 1 ? "its" : "their"} fee.
          </p>
          <ul>
            {losing.map((d) => (
              <li key={d.id}>
                {d.title}: {d.loss!.message} (fee {d.fee.formatted}, spent {d.spent.formatted}
                {d.expected ? `, expected ${d.expected.formatted}` : ""})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <details>
        <summary>How this is estimated</summary>
        <ul>
          {e.basis.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}
