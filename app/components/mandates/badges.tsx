import { DELIVERABLE_STATUS_LABELS, MANDATE_STATUS_LABELS, type DeliverableStatusKey, type MandateStatusKey } from "./labels";

const statusClass = (status: string) => `status status-${status.toLowerCase().replaceAll("_", "-")}`;

export function MandateStatusBadge({ status }: { status: string }) {
  return <span className={statusClass(status)}>{MANDATE_STATUS_LABELS[status as MandateStatusKey] ?? status}</span>;
}

export function DeliverableStatusBadge({ status }: { status: string }) {
  return <span className={statusClass(status)}>{DELIVERABLE_STATUS_LABELS[status as DeliverableStatusKey] ?? status}</span>;
}
