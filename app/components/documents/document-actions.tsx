import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import { FormField } from "~/components/form-field";
import { useDocumentAction } from "./action-result";
import type { DocumentView } from "./document-view";
import { fieldError } from "./fields";

/** Versions, promotion and deletion: under Details in the panel, for the provider's team. */
export function DocumentActions({ document: doc, canSeeVersions }: { document: DocumentView; canSeeVersions: boolean }) {
  const { submittingIntent, errors, intent, result } = useDocumentAction();
  const [confirmDelete, setConfirmDelete] = useState(false);
  if (!doc.abilities.update && !canSeeVersions) return null;
  return (
    <section className="document-actions" aria-labelledby="versions-title">
      <h3 id="versions-title">Versions</h3>
      {canSeeVersions ? (
        <p>
          <Link to={`/documents/${doc.id}/versions`}>Versions</Link>: every saved and published version, compared side by side.
        </p>
      ) : null}
      {doc.abilities.update ? (
        <Form method="post" className="inline-form compact" aria-label="Save a version" key={intent === "save-version" ? JSON.stringify(result) : "save-version"}>
          <input type="hidden" name="intent" value="save-version" />
          <FormField label="Version name" name="name" maxLength={120} placeholder="Optional, e.g. Sent for review" error={fieldError(errors, "name")} />
          <button type="submit" className="button" disabled={submittingIntent === "save-version"}>
            Save version
          </button>
        </Form>
      ) : null}
      {doc.client && doc.abilities.update ? (
        <p>
          <Link to={`/documents/${doc.id}/promote`} className="button">
            Promote to precedent
          </Link>
        </p>
      ) : null}
      {doc.abilities.delete ? (
        confirmDelete ? (
          <Form method="post" className="confirm" role="group" aria-label="Confirm deletion">
            <input type="hidden" name="intent" value="delete" />
            <span>Move “{doc.title}” to the trash? It can be restored, with its versions and links, for 30 days.</span>
            <button type="submit" className="button danger" autoFocus>
              Yes, delete it
            </button>
            <button type="button" className="button" onClick={() => setConfirmDelete(false)}>
              Keep it
            </button>
          </Form>
        ) : (
          <p>
            <button type="button" className="button danger" onClick={() => setConfirmDelete(true)}>
              Delete…
            </button>
          </p>
        )
      ) : null}
    </section>
  );
}

