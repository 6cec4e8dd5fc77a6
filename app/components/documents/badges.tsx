import { KIND_LABELS, STATUS_LABELS, type KindKey, type StatusKey } from "./labels";

export function KindBadge({ kind }: { kind: KindKey }) {
  return <span className={`badge kind-${kind.toLowerCase()}`}>{KIND_LABELS[kind]}</span>;
}

export function StatusBadge({ status }: { status: StatusKey }) {
  return <span className={`status status-${status.toLowerCase().replace("_", "-")}`}>{STATUS_LABELS[status]}</span>;
}
