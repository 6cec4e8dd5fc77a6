import type { PresentedActivity } from "../../../server/mandates/presenter.ts";
import { formatDate } from "~/utils/format";

const ACTION_LABELS: Record<string, string> = {
  "mandate.created": "created the mandate",
  "mandate.updated": "changed the mandate",
  "mandate.status_changed": "changed the mandate's status",
  "mandate.resource_attached": "attached a resource",
  "mandate.resource_moved_forward": "moved a resource to a newer version",
  "mandate.resource_detached": "detached a resource",
  "deliverable.created": "added a deliverable",
  "deliverable.updated": "changed a deliverable",
  "deliverable.status_changed": "moved a deliverable",
};

const show = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** before → after, one changed field each (the audit event holds only the changed fields). */
function Changes({ before, after }: { before: unknown; after: unknown }) {
  const b = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  if (!keys.length) return null;
  return (
    <ul className="hint">
      {keys.map((k) => (
        <li key={k}>
          {k}: {k in b ? `${show(b[k])} → ` : ""}
          {show(a[k])}
        </li>
      ))}
    </ul>
  );
}

/** The mandate's audit trail, newest first: who did what, when, before → after. Provider staff only. */
export function ActivityFeed({ events, deliverableTitles }: { events: PresentedActivity[]; deliverableTitles: Map<string, string> }) {
  return (
    <section aria-labelledby="activity-title">
      <h2 id="activity-title">Activity</h2>
      {events.length === 0 ? (
        <p className="hint">Nothing has happened yet.</p>
      ) : (
        <ol className="activity-list">
          {events.map((e) => (
            <li key={e.id}>
              <span>
                <strong>{e.actor?.name ?? "System"}</strong> {ACTION_LABELS[e.action] ?? e.action}
                {e.deliverableId && deliverableTitles.has(e.deliverableId) ? ` “${deliverableTitles.get(e.deliverableId)}”` : ""}
              </span>
              <time className="hint" dateTime={e.at}>
                {formatDate(e.at)}
              </time>
              <Changes before={e.before} after={e.after} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
