import { useState } from "react";
import { RequestFormsEditor } from "./request-forms-editor";
import { RequestWork, type OfferedForm } from "./request-work";
import { RequestsList, type PresentedRequest } from "./requests-list";

/**
 * The mandate's requests (ADR 042): for the client, "Request work" and their requests with where
 * each stands; for the team, the same list, and for its PM (or an admin) the request forms.
 */
export function RequestsSection({
  mandateId,
  forms,
  requests,
  canRequest,
  canManage,
  forClient,
  active,
}: {
  mandateId: string;
  forms: OfferedForm[];
  requests: PresentedRequest[];
  canRequest: boolean;
  canManage: boolean;
  forClient: boolean;
  active: boolean;
}) {
  const [sent, setSent] = useState<string>();
  return (
    <section aria-labelledby="requests-title">
      <div className="section-actions">
        <h2 id="requests-title">{forClient ? "Your requests" : "Client requests"}</h2>
        {canRequest && active ? <RequestWork mandateId={mandateId} forms={forms} onSent={setSent} /> : null}
      </div>
      {/* Only once a request went: the page's own status region speaks for its forms. */}
      {sent ? (
        <p className="notice" role="status">
          {sent}
        </p>
      ) : null}
      {canRequest && !active ? <p className="hint">Requests open once the mandate is active.</p> : null}
      <RequestsList requests={requests} forClient={forClient} />
      {canManage ? <RequestFormsEditor forms={forms} /> : null}
    </section>
  );
}
