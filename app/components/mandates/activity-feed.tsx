import type { PresentedActivity } from "../../../server/mandates/presenter.ts";
import { formatDate } from "~/utils/format";

const ACTION_LABELS: Record<string, string> = {
  "legal_hold.placed": "placed a legal hold",
  "legal_hold.lifted": "lifted the legal hold",
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

/** The audit event's field names in words (amounts arrive written as money: server/mandates/presenter.ts). */
const FIELD_LABELS: Record<string, string> = {
  title: "title",
  reference: "reference",
  description: "description",
  projectManagerId: "project manager",
  memberIds: "team",
  status: "status",
  pricingModel: "pricing model",
  currency: "currency",
  budgetMinor: "budget",
  costRateMinor: "cost rate per hour",
  startDate: "start date",
  targetDate: "target date",
  serviceLevels: "service levels",
  type: "type",
  ownerId: "owner",
  dueDate: "due date",
  feeMinor: "fee",
  effortMinutes: "effort (minutes)",
};
const PERSON_FIELDS = new Set(["projectManagerId", "memberIds", "ownerId"]);

/** before → after, one changed field each (the audit event holds only the changed fields); user ids shown as names. */
function Changes({ before, after, people }: { before: unknown; after: unknown; people: Map<string, string> }) {
  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === "") return "—";
    if (PERSON_FIELDS.has(field)) return (Array.isArray(v) ? v : [v]).map((id) => people.get(String(id)) ?? "someone").join(", ") || "—";
    return typeof v === "object" ? JSON.stringify(v) : String(v);
  };
  const b = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  if (!keys.length) return null;
  return (
    <ul className="hint">
      {keys.map((k) => (
        <li key={k}>
          {FIELD_LABELS[k] ?? k}: {k in b ? `${show(k, b[k])} → ` : ""}
          {show(k, a[k])}
        </li>
      ))}
    </ul>
  );
}

/** The mandate's audit trail, newest first: who did what, when, before → after. Provider staff only. */
export function ActivityFeed({
  events,
  deliverableTitles,
  people,
}: {
  events: PresentedActivity[];
  deliverableTitles: Map<string, string>;
  /** Names of the provider's staff and the team, for the ids the events hold. */
  people: Map<string, string>;
}) {
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
              <Changes before={e.before} after={e.after} people={people} />
              {e.reason ? <p className="hint">Reason: {e.reason}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
