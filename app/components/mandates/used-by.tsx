import { Link } from "@remix-run/react";
import type { PresentedDocumentUsage } from "../../../server/mandates/presenter.ts";
import { DeliverableStatusBadge, MandateStatusBadge } from "./badges";

/**
 * A document's "Used by": the mandates (and deliverables) that link it, each with its status and
 * the version it is pinned to — so an author sees who a new version would reach.
 */
export function UsedBy({ usage }: { usage: PresentedDocumentUsage }) {
  const { usedBy, latestVersion } = usage;
  return (
    <section aria-labelledby="used-by-title" className="used-by">
      <h2 id="used-by-title">Used by</h2>
      {usedBy.length === 0 ? (
        <p className="hint">No mandate you can see uses this document yet.</p>
      ) : (
        <ul className="used-by-list">
          {usedBy.map((u) => (
            <li key={u.linkId}>
              <Link to={`/mandates/${u.mandate.id}`}>{u.mandate.title}</Link>
              <span className="hint">
                {u.mandate.reference} · {u.mandate.client.name}
              </span>
              <MandateStatusBadge status={u.mandate.status} />
              {u.deliverable ? (
                <span>
                  Deliverable “{u.deliverable.title}” <DeliverableStatusBadge status={u.deliverable.status} />
                </span>
              ) : null}
              <span className="hint">
                {u.pinnedVersion ? `Pinned to v${u.pinnedVersion.number}` : "Not pinned (unpublished when attached)"}
                {u.viaToolkit ? ` · via ${u.viaToolkit.title}` : ""}
              </span>
              {u.newerVersionAvailable ? (
                <span className="newer-version">Newer version available{latestVersion ? ` (v${latestVersion.number})` : ""}</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
