/**
 * The browser half of CollaborativeEditor: loaded lazily after mount, never on the server.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { Extension, type Editor, type JSONContent } from "@tiptap/core";
import { NodeSelection, Plugin } from "@tiptap/pm/state";
import { EditorContent, useEditor } from "@tiptap/react";
import Collaboration from "@tiptap/extension-collaboration";
import { documentExtensions } from "~/editor/extensions";
import { ClauseCardTabOrder } from "./clause-card-focus";
import { useOptionalComments } from "~/components/comments/comments-context";
import { anchorOfRange, CommentHighlights, rangeOfAnchor, showCommentThreads } from "./comment-highlights";
import { createCollaborationSession, type CollaborationSession } from "./collaboration-session";
import { DocumentEnds } from "./document-ends";
import { insertClausePositionAndName } from "./commands";
import { ClausePalette } from "~/components/library-clauses/clause-palette";
import { clauseSourceKey, collectClauseSources, createClauseUpdatesStore, fetchLibraryClause } from "~/components/library-clauses/library-clause-api";
import { editorNodeViews } from "./node-views";
import { PresenceList } from "./presence-list";
import { RemoteCursors } from "./remote-cursors";
import { editorShortcut } from "./shortcuts";
import { SYNC_STATUS_TEXT } from "./sync-status";
import { ColouredBlockChange, ColouredDeletion, ColouredFormatChange, ColouredInsertion, SuggestionPopover, SuggestionsPanel } from "./suggestion-views";
import { Suggesting, isSuggesting } from "./suggesting";
import { readSuggestingMode, saveSuggestingMode } from "./suggesting-mode";
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

export function EditorClient({ documentId, user, readOnly, suggestOnly = false, wsUrl }: CollaborativeEditorProps) {
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
  return (
    <SessionEditor
      key={`${documentId}:${user.id}`}
      session={session}
      documentId={documentId}
      user={{ id: user.id, name: user.name }}
      readOnly={readOnly}
      suggestOnly={!readOnly && suggestOnly}
    />
  );
}

export function EditorPlaceholder() {
  return (
    <div className="collab-editor collab-editor--loading" aria-busy="true">
      <p className="hint">Loading the editor…</p>
    </div>
  );
}

/** Whether a "/" typed at `pos` opens the clause palette: at the start of an empty paragraph, or after a space. */
function opensClausePalette(editor: Editor, pos: number): boolean {
  const $pos = editor.state.doc.resolve(pos);
  if ($pos.parent.type.name !== "paragraph") return false;
  return $pos.parent.content.size === 0 || $pos.parent.textBetween(0, $pos.parentOffset).endsWith(" ");
}

/** Inserts a library clause at the cursor, in place of the "/" that opened the palette if it is still there. */
function insertLibraryClause(editor: Editor, clause: JSONContent, slashAt: number | null) {
  const chain = editor.chain().focus();
  const slash = slashAt !== null && slashAt < editor.state.doc.content.size && editor.state.doc.textBetween(slashAt, slashAt + 1) === "/";
  (slash ? chain.deleteRange({ from: slashAt, to: slashAt + 1 }) : chain).insertContent(clause).run();
}

type SessionEditorProps = {
  session: CollaborationSession;
  documentId: string;
  user: { id: string; name: string };
  readOnly: boolean;
  /** May only suggest: Suggesting mode is on and stays on, and nothing is accepted or rejected. */
  suggestOnly: boolean;
};

/** The suggestions as the schema has them, rendered in their authors' colours. */
const COLOURED: Record<string, ReturnType<typeof documentExtensions>[number]> = {
  insertion: ColouredInsertion,
  deletion: ColouredDeletion,
  formatChange: ColouredFormatChange,
  blockChange: ColouredBlockChange,
};
const withColouredSuggestions = (extensions: ReturnType<typeof documentExtensions>) => extensions.map((e) => COLOURED[e.name] ?? e);

function SessionEditor({ session, documentId, user, readOnly, suggestOnly }: SessionEditorProps) {
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
  const [prompt, setPrompt] = useState<ToolbarPrompt>(null);
  const promptRef = useRef(setPrompt);
  promptRef.current = setPrompt;
  // The clause palette, and where the "/" that opened it was typed (null: opened by the button or keys).
  const [clausePalette, setClausePalette] = useState(false);
  const slashAt = useRef<number | null>(null);
  const openClausePalette = useRef((at: number | null) => {
    slashAt.current = at;
    setClausePalette(true);
  });
  const clauseUpdates = useMemo(() => createClauseUpdatesStore(), []);
  const comments = useOptionalComments();
  const commentsRef = useRef(comments);
  commentsRef.current = comments;

  const editor = useEditor(
    {
      immediatelyRender: false,
      shouldRerenderOnTransaction: false,
      editable: !readOnly,
      extensions: [
        ...withColouredSuggestions(
          documentExtensions({ nodeViews: editorNodeViews({ editVariable: (name) => promptRef.current({ editVariable: name }), clauseUpdates }) }),
        ),
        Suggesting.configure({ user, enabled: suggestOnly || readSuggestingMode(documentId), suggestOnly }),
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
              [editorShortcut("Insert clause from library")]: () => {
                if (!this.editor.isEditable) return false;
                openClausePalette.current(null);
                return true;
              },
              [editorShortcut("Suggesting")]: () => {
                if (!this.editor.isEditable || suggestOnly) return false;
                const next = !isSuggesting(this.editor.state);
                saveSuggestingMode(documentId, next);
                return this.editor.commands.setSuggesting(next);
              },
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
          addProseMirrorPlugins() {
            const editor = this.editor;
            return [
              new Plugin({
                props: {
                  // "/" is typed as usual (Escape leaves it as text); where it may start a command, the clause palette opens.
                  handleTextInput: (_view, from, to, text) => {
                    if (text === "/" && from === to && editor.isEditable && opensClausePalette(editor, from)) openClausePalette.current(from);
                    return false;
                  },
                },
              }),
            ];
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

  // The library clauses this document holds: asked about when they change and when the window
  // comes back into focus (someone may have published meanwhile); readers get no notices.
  useEffect(() => {
    if (!editor || editor.isDestroyed || readOnly) return;
    let checked = "";
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = (force: boolean) => {
      const sources = collectClauseSources(editor.state.doc);
      const key = sources.map(clauseSourceKey).join("|");
      if (!force && key === checked) return;
      checked = key;
      void clauseUpdates.check(sources);
    };
    const onUpdate = () => {
      clearTimeout(timer);
      timer = setTimeout(() => check(false), 500);
    };
    const onFocus = () => check(true);
    check(true);
    editor.on("update", onUpdate);
    window.addEventListener("focus", onFocus);
    return () => {
      clearTimeout(timer);
      editor.off("update", onUpdate);
      window.removeEventListener("focus", onFocus);
    };
  }, [editor, readOnly, clauseUpdates]);

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
      {suggestOnly ? (
        <p className="hint" role="note">
          You can suggest changes here: what you type and delete is shown as your suggestion, for an editor to accept or reject.
        </p>
      ) : null}
      {snapshot.closedReason ? (
        <p className="form-error" role="alert">
          {snapshot.closedReason} Reload the page to try again.
        </p>
      ) : null}
      {!readOnly && editor ? (
        <Toolbar
          editor={editor}
          prompt={prompt}
          setPrompt={setPrompt}
          onInsertFromLibrary={() => openClausePalette.current(null)}
          suggestOnly={suggestOnly}
          onSuggestingChange={(on) => saveSuggestingMode(documentId, on)}
          onComment={comments ? () => comments.startComment() : undefined}
        />
      ) : null}
      {!readOnly && editor ? (
        <ClausePalette
          open={clausePalette}
          onOpenChange={setClausePalette}
          onChoose={async (hit) => insertLibraryClause(editor, await fetchLibraryClause(hit), slashAt.current)}
        />
      ) : null}
      <div className="collab-editor__body">
        <div className="collab-editor__page" aria-busy={!snapshot.ready}>
          {editor ? <EditorContent editor={editor} /> : <p className="hint">Loading the editor…</p>}
          {editor ? <SuggestionPopover editor={editor} canResolve={!readOnly && !suggestOnly} /> : null}
        </div>
        {editor ? (
          <div className="collab-editor__side">
            <SuggestionsPanel editor={editor} canResolve={!readOnly && !suggestOnly} />
            <VariablesPanel editor={editor} onEdit={(name) => setPrompt({ editVariable: name })} />
          </div>
        ) : null}
      </div>
    </div>
  );
}
