import { Form } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { FormField } from "~/components/form-field";
import { useDocumentAction } from "./action-result";
import type { DocumentView } from "./document-view";
import { fieldError } from "./fields";

/** The document's title, and Rename for its editors: focus comes back to Rename once saved. */
export function DocumentTitle({ document: doc }: { document: DocumentView }) {
  const { errors, result } = useDocumentAction();
  const [editing, setEditing] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (result && "intent" in result && result.intent === "rename") {
      setEditing(false);
      renameButton.current?.focus();
    }
  }, [result]);
  if (!doc.abilities.update) return <h1>{doc.title}</h1>;
  if (!editing) {
    return (
      <div className="title-row">
        <h1>{doc.title}</h1>
        <button type="button" className="button small" ref={renameButton} onClick={() => setEditing(true)}>
          Rename
        </button>
      </div>
    );
  }
  return (
    <>
      <h1 className="visually-hidden">{doc.title}</h1>
      <Form method="post" className="inline-form rename-form" aria-label="Rename the document">
        <input type="hidden" name="intent" value="rename" />
        <FormField label="Title" name="title" defaultValue={doc.title} required maxLength={200} autoFocus error={fieldError(errors, "title")} />
        <button type="submit" className="button primary">
          Save title
        </button>
        <button type="button" className="button" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </Form>
    </>
  );
}

