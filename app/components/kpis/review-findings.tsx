import { Link, useFetcher } from "@remix-run/react";
import type { PresentedReviewFinding } from "../../../server/kpis/review-trigger-service.ts";
import { formatDate } from "~/utils/format";

/**
 * Open review findings: what the playbook's outcomes say, in a sentence, with a Dismiss button for
 * those who may edit the playbook. `withPlaybook` names the playbook (the Reviews page).
 */
export function ReviewFindings({
  findings,
  mayDismiss,
  withPlaybook = false,
}: {
  findings: readonly (PresentedReviewFinding & { mayDismiss?: boolean })[];
  /** For every finding; otherwise each finding's own `mayDismiss`. */
  mayDismiss?: boolean;
  withPlaybook?: boolean;
}) {
  return (
    <ul className="review-list" aria-label="Open review findings">
      {findings.map((f) => (
        <li key={f.id}>
          {withPlaybook ? (
            <>
              <Link to={`/documents/${f.documentId}?panel=outcomes`}>{f.documentTitle}</Link>:{" "}
            </>
          ) : null}
          {f.sentence}. <span className="hint">Found <time dateTime={f.createdAt}>{formatDate(f.createdAt)}</time></span>{" "}
          {(mayDismiss ?? f.mayDismiss) ? <DismissFinding finding={f} /> : null}
        </li>
      ))}
    </ul>
  );
}

function DismissFinding({ finding }: { finding: PresentedReviewFinding }) {
  const fetcher = useFetcher<{ ok: boolean }>();
  return (
    <fetcher.Form method="post" action="/resources/review-triggers" className="inline-form compact">
      <input type="hidden" name="intent" value="dismiss-finding" />
      <input type="hidden" name="findingId" value={finding.id} />
      <button type="submit" className="button small" disabled={fetcher.state !== "idle"} aria-label={`Dismiss: ${finding.sentence}`}>
        Dismiss
      </button>
    </fetcher.Form>
  );
}
