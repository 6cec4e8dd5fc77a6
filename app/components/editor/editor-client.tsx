/**
 * The browser half of CollaborativeEditor: loaded lazily after mount, never on the server.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { Extension } from "@tiptap/core";
import { NodeSelection } from "@tiptap/pm/state";
import { EditorContent, useEditor } from "@tiptap/react";
import Collaboration from "@tiptap/extension-collaboration";
import { documentExtensions } from "~/editor/extensions";
import { ClauseCardTabOrder } from "./clause-card-focus";
import { useOptionalComments } from "~/components/comments/comments-context";
import { anchorOfRange, CommentHighlights, rangeOfAnchor, showCommentThreads } from "./comment-highlights";
import { createCollaborationSession, type CollaborationSession } from "./collaboration-session";
import { DocumentEnds } from "./document-ends";
import { insertClausePositionAndName } from "./commands";
import { editorNodeViews } from "./node-views";
import { PresenceList } from "./presence-list";
import { RemoteCursors } from "./remote-cursors";
import { editorShortcut } from "./shortcuts";
import { SYNC_STATUS_TEXT } from "./sync-status";
import { Toolbar, type ToolbarPrompt } from "./toolbar";
import { userColor } from "./user-color";
import { VariablesPanel } from "./variables-panel";
import type { CollaborativeEditorProps } from "./collaborative-editor";

function bodyAttributes(readOnly: boolean): Record<string, string> {
  return {
    role: "textbox",
    "aria-label": "Document body",
    "aria-multiline": "true",
    "aria-readonly": String(readOnly),
    class: "document-body",
    spellcheck: String(!readOnly),
  };
}

export function EditorClient({ documentId, user, readOnly, wsUrl }: CollaborativeEditorProps) {
  const [session, setSession] = useState<CollaborationSession | null>(null);
  const color = user.color ?? userColor(user.id);

  useEffect(() => {
    const created = createCollaborationSession({ documentId, user: { id: user.id, name: user.name, color }, wsUrl });
    setSession(created);
    return () => {
      setSession(null);
      created.destroy();
    };
    // The session is per document and person; a new colour or name is sent as awareness below.
  }, [documentId, user.id, wsUrl]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    session?.provider.awareness.setLocalStateField("user", { id: user.id, name: user.name, color });
  }, [session, user.id, user.name, color]);

  if (!session) return <EditorPlaceholder />;
  return <SessionEditor key={`${documentId}:${user.id}`} session={session} readOnly={readOnly} />;
}

export function EditorPlaceholder() {
  return (
    <div className="collab-editor collab-editor--loading" aria-busy="true">
      <p className="hint">Loading the editor…</p>
    </div>
  );
}

function SessionEditor({ session, readOnly }: { session: CollaborationSession; readOnly: boolean }) {
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
  const [prompt, setPrompt] = useState<ToolbarPrompt>(null);
  const promptRef = useRef(setPrompt);
  promptRef.current = setPrompt;
  const comments = useOptionalComments();
  const commentsRef = useRef(comments);
  commentsRef.current = comments;

  const editor = useEditor(
    {
      immediatelyRender: false,
      shouldRerenderOnTransaction: false,
      editable: !readOnly,
      extensions: [
        ...documentExtensions({ nodeViews: editorNodeViews({ editVariable: (name) => promptRef.current({ editVariable: name }) }) }),
        Collaboration.configure({ document: session.ydoc, field: "default" }),
        RemoteCursors.configure({ awareness: session.provider.awareness }),
        ClauseCardTabOrder,
        DocumentEnds,
        CommentHighlights.configure({ onActivate: (threadId) => commentsRef.current?.focusThread(threadId) }),
        Extension.create({
          name: "editorShortcuts",
          priority: 1000,
          addKeyboardShortcuts() {
            return {
              [editorShortcut("Insert clause position")]: () => this.editor.isEditable && insertClausePositionAndName(this.editor),
              // Readers comment too: a comment is not a change to the text.
              [editorShortcut("Comment")]: () => commentsRef.current?.startComment() ?? false,
              [editorShortcut("Link")]: () => {
                if (!this.editor.isEditable) return false;
                promptRef.current("link");
                return true;
              },
              // Enter on a selected {{variable}} chip edits it, as a click does.
              Enter: () => {
                const { selection } = this.editor.state;
                if (!this.editor.isEditable || !(selection instanceof NodeSelection) || selection.node.type.name !== "templateVariable") return false;
                promptRef.current({ editVariable: String(selection.node.attrs.name ?? "") });
                return true;
              },
            };
          },
        }),
      ],
      editorProps: { attributes: bodyAttributes(readOnly) },
    },
    [session],
  );

  // The comments of this page: this editor highlights and selects their text, and its socket says when they change.
  const registerEditor = comments?.registerEditor;
  const refreshComments = comments?.refresh;
  useEffect(() => {
    if (!editor || !registerEditor) return;
    registerEditor({
      selectionForComment() {
        const { from, to, empty } = editor.state.selection;
        const quote = editor.state.doc.textBetween(from, to, "\n", " ").trim();
        const anchor = empty ? null : anchorOfRange(editor.state, from, to);
        return anchor && quote ? { anchor, quote } : null;
      },
      selectThread(thread) {
        const range = thread.anchor ? rangeOfAnchor(editor.state, thread.anchor) : null;
        if (!range) return false;
        editor.chain().focus().setTextSelection(range).scrollIntoView().run();
        return true;
      },
      showThreads(threads, activeId) {
        if (!editor.isDestroyed) showCommentThreads(editor.view, threads, activeId);
      },
    });
    return () => registerEditor(null);
  }, [editor, registerEditor]);
  useEffect(() => (refreshComments ? session.onCommentsChanged(refreshComments) : undefined), [session, refreshComments]);

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.setEditable(!readOnly);
    editor.setOptions({ editorProps: { attributes: bodyAttributes(readOnly) } });
    if (readOnly) setPrompt(null);
  }, [editor, readOnly]);

  const statusText = SYNC_STATUS_TEXT[snapshot.status];
  return (
    <div className={`collab-editor${readOnly ? " collab-editor--readonly" : ""}`}>
      <div className="collab-editor__bar">
        {readOnly ? (
          <span className="badge badge--readonly" title="You can read this document and see who is here, but not change it.">
            Read only
          </span>
        ) : null}
        <p className={`sync-status sync-status--${snapshot.status}`} role="status" data-status={snapshot.status}>
          <span className="sync-status__dot" aria-hidden="true" />
          {statusText}
        </p>
        <PresenceList peers={snapshot.peers} />
      </div>
      {snapshot.closedReason ? (
        <p className="form-error" role="alert">
          {snapshot.closedReason} Reload the page to try again.
        </p>
      ) : null}
      {!readOnly && editor ? <Toolbar editor={editor} prompt={prompt} setPrompt={setPrompt} onComment={comments ? () => comments.startComment() : undefined} /> : null}
      <div className="collab-editor__body">
        <div className="collab-editor__page" aria-busy={!snapshot.ready}>
          {editor ? <EditorContent editor={editor} /> : <p className="hint">Loading the editor…</p>}
        </div>
        {editor ? <VariablesPanel editor={editor} onEdit={(name) => setPrompt({ editVariable: name })} /> : null}
      </div>
    </div>
  );
}
