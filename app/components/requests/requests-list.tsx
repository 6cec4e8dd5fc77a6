import { Form } from "@remix-run/react";
import type { presentRequest } from "../../../server/requests/presenter.ts";
import { ACCEPTED_VIA_LABELS, PRIORITY_LABELS, STAGE_LABELS, type AcceptedViaKey } from "./labels";

export type PresentedRequest = ReturnType<typeof presentRequest>;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;

/** The mandate's requests and where each stands, in the client's words; the team sees the same list. */
export function RequestsList({ requests, forClient }: { requests: PresentedRequest[]; forClient: boolean }) {
  if (!requests.length) return <p className="hint">{forClient ? "You have not asked for any work on this mandate yet." : "The client has not asked for any work on this mandate yet."}</p>;
  return (
    <table className="table cards requests-table">
      <thead>
        <tr>
          <th scope="col">Request</th>
          <th scope="col">Status</th>
          <th scope="col">Asked</th>
          <th scope="col">Due</th>
        </tr>
      </thead>
      <tbody>
        {requests.map((r) => (
          <tr key={r.id}>
            <td>
              {r.title}
              <span className="document-summary">
                {r.type}
                {r.priority ? ` · ${PRIORITY_LABELS[r.priority]} priority` : ""}
                {r.counterparty ? ` · ${r.counterparty}` : ""}
              </span>
              {r.attachments.length ? (
                <ul className="attachments" aria-label={`Files of ${r.title}`}>
                  {r.attachments.map((a) => (
                    <li key={a.id}>
                      <a href={a.href} download>
                        {a.name}
                      </a>{" "}
                      <span className="hint">({megabytes(a.sizeBytes)})</span>
                      {forClient && r.stage === "requested" ? (
                        // The wrong file sent can be taken back until the team decides on the request.
                        <Form method="post" className="attachment-remove">
                          <input type="hidden" name="intent" value="attachment-remove" />
                          <input type="hidden" name="attachmentId" value={a.id} />
                          <button type="submit" className="button small danger" aria-label={`Remove ${a.name} from ${r.title}`}>
                            Remove
                          </button>
                        </Form>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : null}
            </td>
            <td data-label="Status">
              <strong>{r.stage === "accepted" && r.acceptedVia && r.acceptedVia !== "CLIENT" ? ACCEPTED_VIA_LABELS[r.acceptedVia as AcceptedViaKey] : STAGE_LABELS[r.stage]}</strong>
              {r.stage === "declined" && r.declineReason ? <span className="document-summary">Reason: {r.declineReason}</span> : null}
              {r.stage === "rework" && r.rejectionReason ? <span className="document-summary">Your reason: {r.rejectionReason}</span> : null}
              {r.deemedAcceptanceDay ? <span className="document-summary">Deemed accepted on {r.deemedAcceptanceDay} unless {forClient ? "you accept or reject it" : "the client answers"}</span> : null}
            </td>
            <td data-label="Asked">
              {r.requestedAt?.slice(0, 10) ?? "—"}
              {r.requestedAt ? <span className="document-summary">by {r.requestedBy?.name ?? "a former member"}</span> : null}
            </td>
            <td data-label="Due">{r.dueDate ?? (r.desiredDate ? `wanted by ${r.desiredDate}` : "—")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
