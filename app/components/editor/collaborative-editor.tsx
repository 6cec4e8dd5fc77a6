/**
 * <CollaborativeEditor> — the real-time document editor (issue 3).
 *
 * Props:
 *   documentId  string   the document's id; also the sync room (`/collab/<documentId>`) and the
 *                        IndexedDB name (`precedent-doc-<userId>-<documentId>`) for offline edits
 *   user        { id: string; name: string; color?: string }
 *                        who is editing; shown to others as presence and caret label. Without
 *                        `color`, a stable colour is derived from `id`.
 *   readOnly    boolean  true for viewers/clients: no toolbar, "Read only" badge, not editable
 *                        (the server also drops a read-only socket's updates)
 *   wsUrl?      string   sync endpoint without the document id; default `ws(s)://<host>/collab`
 *                        (same origin, so the session cookie authenticates the socket)
 *
 * Styles: add `editorStylesHref` to the route's `links` (the component also links it itself).
 *
 *   import { CollaborativeEditor, editorStylesHref } from "~/components/editor/collaborative-editor";
 *   export const links: LinksFunction = () => [{ rel: "stylesheet", href: editorStylesHref }];
 *   <CollaborativeEditor documentId={doc.id} user={{ id: viewer.id, name: viewer.name }} readOnly={!abilities.edit} />
 *
 * Client only: on the server (and in the first client render) it renders a placeholder, then
 * loads the editor after mount, so SSR never touches window, IndexedDB or WebSocket.
 *
 * What tests can rely on: the body is `role="textbox"` named "Document body"; the status
 * (`role="status"`) reads "Saved", "Saving…", "Offline — changes kept locally" or "Reconnecting";
 * the avatars are a list named "People here"; read-only shows "Read only" and no toolbar; the
 * toolbar buttons are named "Bold", "Italic", "Heading 1…3", "Bullet list", "Numbered list",
 * "Checklist" (each item's checkbox is named by its text, disabled when read-only), "Link", "Insert table", "Callout", "Insert clause position" (Mod-Alt-C),
 * "Insert clause from library" (Mod-Alt-L, or "/" typed in an empty paragraph or after a space: a dialog
 * "Insert clause from library" searches published clauses, Enter inserts one) and "Insert variable";
 * a clause from the library whose source published a different text shows "Source clause updated",
 * a redline and an "Update" button;
 * a clause card has inputs "Clause name" and "Escalate to" and parts "Preferred position",
 * "Fallback 1…n", "Red line", "Rationale"; Tab goes through them in that order, each part's
 * controls then its text; a fallback's "Remove Fallback n" asks first ("Yes, remove" / "Keep").
 * A variable's chip (click, or Enter when selected) and the Variables panel's "Edit {{name}}"
 * open a form named "Edit variable {{name}}". Ctrl+Home/End (⌘↑/↓) reach the document's ends.
 * "Suggesting" (Mod-Alt-Shift-X, aria-pressed) turns typing into suggestions (ADR 032); the
 * "Suggestions" panel lists them, and each has "Accept: …" / "Reject: …" buttons for editors.
 */
import { Suspense, lazy, useEffect, useState } from "react";
import editorStylesHref from "~/styles/editor.css?url";

export { editorStylesHref };

export type CollaborativeEditorProps = {
  documentId: string;
  user: { id: string; name: string; color?: string };
  readOnly: boolean;
  /** May suggest but not edit (ADR 032): Suggesting mode is forced on; the server refuses direct edits. */
  suggestOnly?: boolean;
  wsUrl?: string;
};

const EditorClient = lazy(() => import("./editor-client").then((m) => ({ default: m.EditorClient })));

function Placeholder() {
  return (
    <div className="collab-editor collab-editor--loading" aria-busy="true">
      <p className="hint">Loading the editor…</p>
    </div>
  );
}

export function CollaborativeEditor(props: CollaborativeEditorProps) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <>
      <link rel="stylesheet" href={editorStylesHref} />
      {mounted ? (
        <Suspense fallback={<Placeholder />}>
          <EditorClient {...props} />
        </Suspense>
      ) : (
        <Placeholder />
      )}
    </>
  );
}
