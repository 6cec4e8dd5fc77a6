import { Form, Link } from "@remix-run/react";
import type { PresentedToolkitItem } from "../../../server/documents/presenter.ts";
import { EmptyState } from "~/components/empty-state";
import { FormField } from "~/components/form-field";
import { useDocumentAction } from "./action-result";
import { KindBadge, StatusBadge } from "./badges";
import type { DocumentView } from "./document-view";
import { SelectField, fieldError } from "./fields";
import { KIND_LABELS } from "./labels";

/** A toolkit's documents in reading order, with moving, removing and adding for its editors. */
export function ToolkitItems({ document: doc, items, candidates, find }: { document: DocumentView; items: PresentedToolkitItem[]; candidates: { id: string; title: string; kind: DocumentView["kind"] }[]; find: string }) {
  const { errors } = useDocumentAction();
  const editable = doc.abilities.update;
  return (
    <section aria-labelledby="toolkit-title" className="toolkit">
      <h2 id="toolkit-title">In this toolkit</h2>
      {items.length === 0 ? (
        <EmptyState title="This toolkit is empty">
          <p>{editable ? "Add playbooks, templates and precedents below, in the order a reader should use them." : "Nothing here yet."}</p>
        </EmptyState>
      ) : (
        <ol className="toolkit-items">
          {items.map((item, index) => (
            <li key={item.document.id}>
              <span className="toolkit-item-title">
                <Link to={`/documents/${item.document.id}`}>{item.document.title}</Link> <KindBadge kind={item.document.kind} />{" "}
                <StatusBadge status={item.document.status} />
                {item.deliverableType && !editable ? <span className="hint"> Suggests the deliverable “{item.deliverableType}”</span> : null}
              </span>
              {editable && item.document.kind === "TEMPLATE" ? <DeliverableTypeForm documentId={item.document.id} title={item.document.title} type={item.deliverableType} /> : null}
              {editable ? (
                <span className="toolkit-item-actions">
                  <ItemButton documentId={item.document.id} intent="toolkit-move" direction="up" disabled={index === 0} label={`Move ${item.document.title} up`}>
                    Move up
                  </ItemButton>
                  <ItemButton
                    documentId={item.document.id}
                    intent="toolkit-move"
                    direction="down"
                    disabled={index === items.length - 1}
                    label={`Move ${item.document.title} down`}
                  >
                    Move down
                  </ItemButton>
                  <ItemButton documentId={item.document.id} intent="toolkit-remove" label={`Remove ${item.document.title} from the toolkit`} danger>
                    Remove
                  </ItemButton>
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {editable ? (
        <div className="card toolkit-add">
          <h3>Add a document</h3>
          <Form method="get" className="inline-form compact" role="search" aria-label="Find documents to add">
            <FormField label="Find documents" name="find" type="search" defaultValue={find} placeholder="Title contains…" />
            <button type="submit" className="button">
              Find
            </button>
          </Form>
          {candidates.length === 0 ? (
            <p className="hint">{find ? `No other documents match “${find}”.` : "Every readable document is already in this toolkit."}</p>
          ) : (
            <Form method="post" className="inline-form compact">
              <input type="hidden" name="intent" value="toolkit-add" />
              <SelectField
                label="Document to add"
                name="documentId"
                options={candidates.map((c) => ({ value: c.id, label: `${c.title} (${KIND_LABELS[c.kind]})` }))}
                error={fieldError(errors, "documentId") ?? fieldError(errors, "documentIds")}
              />
              <button type="submit" className="button primary">
                Add to toolkit
              </button>
            </Form>
          )}
        </div>
      ) : null}
    </section>
  );
}

/** The deliverable type a template suggests on a mandate (ADR 035's addendum); blank, it suggests none. */
function DeliverableTypeForm({ documentId, title, type }: { documentId: string; title: string; type: string | null }) {
  const { errors } = useDocumentAction();
  return (
    <Form method="post" preventScrollReset className="inline-form compact" aria-label={`Deliverable type of ${title}`}>
      <input type="hidden" name="intent" value="toolkit-deliverable-type" />
      <input type="hidden" name="documentId" value={documentId} />
      <FormField label="Suggests the deliverable" name="type" defaultValue={type ?? ""} placeholder="None (not suggested)" error={fieldError(errors, "type")} />
      <button type="submit" className="button small">
        Save
      </button>
    </Form>
  );
}

function ItemButton({
  documentId,
  intent,
  direction,
  disabled,
  label,
  danger,
  children,
}: {
  documentId: string;
  intent: string;
  direction?: "up" | "down";
  disabled?: boolean;
  label: string;
  danger?: boolean;
  children: React.ReactNode;
}) {
  return (
    <Form method="post" preventScrollReset>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="documentId" value={documentId} />
      {direction ? <input type="hidden" name="direction" value={direction} /> : null}
      <button type="submit" className={`button small${danger ? " danger" : ""}`} disabled={disabled} aria-label={label}>
        {children}
      </button>
    </Form>
  );
}

