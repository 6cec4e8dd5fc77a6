import { KIND_LABELS, STATUS_LABELS, type KindKey, type StatusKey } from "./labels";

export function KindBadge({ kind }: { kind: KindKey }) {
  return <span className={`badge kind-${kind.toLowerCase()}`}>{KIND_LABELS[kind]}</span>;
}

export function StatusBadge({ status }: { status: StatusKey }) {
  return <span className={`status status-${status.toLowerCase().replace("_", "-")}`}>{STATUS_LABELS[status]}</span>;
}

/**
 * A client's material says so wherever it is shown (ADR 013); privileged material says that too.
 * House knowledge carries no badge.
 */
export function ConfidentialityBadge({ confidentiality, clientName }: { confidentiality: "HOUSE" | "CLIENT_CONFIDENTIAL" | "PRIVILEGED"; clientName?: string | null }) {
  if (confidentiality === "HOUSE") return null;
  const of = clientName ? ` · client material of ${clientName}` : " · client material";
  return (
    <span className={`badge confidentiality confidentiality-${confidentiality === "PRIVILEGED" ? "privileged" : "confidential"}`}>
      {confidentiality === "PRIVILEGED" ? "Privileged & confidential" : "Confidential"}
      {of}
    </span>
  );
}
