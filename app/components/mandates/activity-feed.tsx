import type { PresentedActivity } from "../../../server/mandates/presenter.ts";
import { formatCalendarDate, formatDate } from "~/utils/format";
import { DELIVERABLE_STATUS_LABELS, MANDATE_STATUS_LABELS, PRICING_MODEL_LABELS } from "./labels";

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
  "deliverable.requested": "asked for a deliverable",
  "request.attachment_removed": "took a file off a request",
  "mandate.request_forms_changed": "changed the request forms",
  "outcome.recorded": "recorded negotiation outcomes on",
  "outcome.approved": "approved an outcome on",
  "outcome.declined": "declined an outcome on",
  "mandate_log.created": "added to the risk, issue and decision log",
  "mandate_log.updated": "changed a log entry",
  "status_report.created": "created a status report",
  "status_report.updated": "edited a status report",
  "status_report.submitted": "submitted a status report for review",
  "status_report.approved": "approved a status report",
  "status_report.returned": "sent a status report back to draft",
  "status_report.released": "released a status report to the client",
  "time_entry.created": "entered time on",
  "time_entry.updated": "changed time on",
  "time_entry.deleted": "deleted time on",
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
  deemedAcceptanceBusinessDays: "deemed-acceptance window (business days)",
  requestForms: "request forms",
  acceptedVia: "accepted",
  clientAnswer: "the client's answer",
  type: "type",
  ownerId: "owner",
  dueDate: "due date",
  feeMinor: "fee",
  effortMinutes: "effort (minutes)",
  // A file taken off a request (its hash stays in the event, not on the page).
  file: "file",
  // Time entries (ADR 039).
  userId: "person",
  date: "day",
  minutes: "minutes",
  taskCode: "task",
  note: "note",
  costMinor: "cost",
};
const PERSON_FIELDS = new Set(["projectManagerId", "memberIds", "ownerId", "userId"]);
const DATE_FIELDS = new Set(["startDate", "targetDate", "dueDate", "date"]);

/** An enum's value in the words the rest of the UI uses; the status's words depend on what changed. */
function enumLabel(field: string, value: string, subject: "mandate" | "deliverable"): string | undefined {
  if (field === "pricingModel") return (PRICING_MODEL_LABELS as Record<string, string>)[value];
  if (field === "status") return ((subject === "mandate" ? MANDATE_STATUS_LABELS : DELIVERABLE_STATUS_LABELS) as Record<string, string>)[value];
  return undefined;
}

/**
 * before → after, one changed field each (the audit event holds only the changed fields): people
 * by name, statuses and pricing in words, dates as dates. Fields without words here (internal ids
 * such as the client organisation's) are left out: the page already says which client it is.
 */
function Changes({ before, after, people, subject }: { before: unknown; after: unknown; people: Map<string, string>; subject: "mandate" | "deliverable" }) {
  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === "") return "—";
    if (PERSON_FIELDS.has(field)) return (Array.isArray(v) ? v : [v]).map((id) => people.get(String(id)) ?? "someone").join(", ") || "—";
    if (DATE_FIELDS.has(field) && typeof v === "string") return formatCalendarDate(v);
    if (typeof v === "string") return enumLabel(field, v, subject) ?? v;
    return typeof v === "object" ? "changed" : String(v);
  };
  const b = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => k in FIELD_LABELS);
  if (!keys.length) return null;
  return (
    <ul className="hint activity-changes">
      {keys.map((k) => (
        <li key={k}>
          {FIELD_LABELS[k]}: {k in b ? `${show(k, b[k])} → ` : ""}
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
              <Changes before={e.before} after={e.after} people={people} subject={e.action.startsWith("deliverable.") ? "deliverable" : "mandate"} />
              {e.reason ? <p className="hint">Reason: {e.reason}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
