import type { Editor } from "@tiptap/core";
import { useEditorState } from "@tiptap/react";
import type { ReactNode } from "react";
import { applyLink, insertClausePositionAndName, normalizeLinkHref } from "./commands";
import { PromptForm } from "./prompt-form";
import { editorShortcut } from "./shortcuts";
import { isSuggesting } from "./suggesting";
import { VariableForm } from "./variable-form";
import { collectVariables } from "./variables";
import { formatShortcut, useMacKeys } from "~/utils/keyboard";

/** The form open under the toolbar: a link's, a new variable's, or the variable of that name's. */
export type ToolbarPrompt = "link" | "variable" | { editVariable: string } | null;

function ToolButton({
  label,
  shortcut,
  mac,
  active,
  disabled,
  onClick,
  children,
}: {
  label: string;
  shortcut?: string;
  mac: boolean;
  active?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="toolbar-button"
      aria-label={label}
      aria-pressed={active === undefined ? undefined : active}
      aria-keyshortcuts={shortcut?.replace(/Mod/g, mac ? "Meta" : "Control")?.replace(/-/g, "+")}
      title={shortcut ? `${label} (${formatShortcut(shortcut, mac)})` : label}
      disabled={disabled}
      onMouseDown={(e) => e.preventDefault() /* keep the editor's selection */}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

type ToolbarProps = {
  editor: Editor;
  prompt: ToolbarPrompt;
  setPrompt: (p: ToolbarPrompt) => void;
  /** Opens the clause palette (app/components/library-clauses). */
  onInsertFromLibrary: () => void;
  /** Suggesting mode cannot be turned off (ADR 032). */
  suggestOnly?: boolean;
  onSuggestingChange?: (on: boolean) => void;
  /** Comment on the selection (on a document page, which has a Comments tab). */
  onComment?: () => void;
};

export function Toolbar({ editor, prompt, setPrompt, onInsertFromLibrary, suggestOnly = false, onSuggestingChange, onComment }: ToolbarProps) {
  const mac = useMacKeys();
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      h1: e.isActive("heading", { level: 1 }),
      h2: e.isActive("heading", { level: 2 }),
      h3: e.isActive("heading", { level: 3 }),
      bulletList: e.isActive("bulletList"),
      orderedList: e.isActive("orderedList"),
      taskList: e.isActive("taskList"),
      link: e.isActive("link"),
      linkHref: String(e.getAttributes("link").href ?? ""),
      callout: e.isActive("callout"),
      inTable: e.isActive("table"),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
      suggesting: isSuggesting(e.state),
      selectionEmpty: e.state.selection.empty,
    }),
  });
  const chain = () => editor.chain().focus();
  const editingName = prompt !== null && typeof prompt === "object" ? prompt.editVariable : null;
  const editing = editingName ? collectVariables(editor.state.doc).find((v) => v.name === editingName) : undefined;
  const closePrompt = () => {
    setPrompt(null);
    editor.commands.focus();
  };

  return (
    <div className="editor-toolbar-wrap">
      <div className="editor-toolbar" role="toolbar" aria-label="Formatting">
        <div className="editor-toolbar__group">
          <ToolButton
            label="Suggesting"
            shortcut={editorShortcut("Suggesting")}
            mac={mac}
            active={state.suggesting}
            disabled={suggestOnly}
            onClick={() => {
              const next = !state.suggesting;
              onSuggestingChange?.(next);
              chain().setSuggesting(next).run();
            }}
          >
            ✎ Suggesting
          </ToolButton>
        </div>
        <div className="editor-toolbar__group">
          <ToolButton label="Undo" shortcut={editorShortcut("Undo")} mac={mac} disabled={!state.canUndo} onClick={() => chain().undo().run()}>
            ↶
          </ToolButton>
          <ToolButton label="Redo" shortcut={editorShortcut("Redo")} mac={mac} disabled={!state.canRedo} onClick={() => chain().redo().run()}>
            ↷
          </ToolButton>
        </div>
        <div className="editor-toolbar__group">
          <ToolButton label="Bold" shortcut={editorShortcut("Bold")} mac={mac} active={state.bold} onClick={() => chain().toggleBold().run()}>
            <strong>B</strong>
          </ToolButton>
          <ToolButton label="Italic" shortcut={editorShortcut("Italic")} mac={mac} active={state.italic} onClick={() => chain().toggleItalic().run()}>
            <em>I</em>
          </ToolButton>
          <ToolButton label="Link" shortcut={editorShortcut("Link")} mac={mac} active={state.link} onClick={() => setPrompt(prompt === "link" ? null : "link")}>
            Link
          </ToolButton>
        </div>
        {/* Headings are suggested like text (ADR 032): a suggest-only person has them too. */}
        <div className="editor-toolbar__group">
          {([1, 2, 3] as const).map((level) => (
            <ToolButton
              key={level}
              label={`Heading ${level}`}
              shortcut={editorShortcut(`Heading ${level}`)}
              mac={mac}
              active={state[`h${level}`]}
              onClick={() => chain().toggleHeading({ level }).run()}
            >
              H{level}
            </ToolButton>
          ))}
        </div>
        {/* Lists, tables and other block changes cannot be suggested (ADR 032): not for a suggest-only person. */}
        {suggestOnly ? null : (
          <>
            <div className="editor-toolbar__group">
              <ToolButton label="Bullet list" shortcut={editorShortcut("Bullet list")} mac={mac} active={state.bulletList} onClick={() => chain().toggleBulletList().run()}>
                • List
              </ToolButton>
              <ToolButton label="Numbered list" shortcut={editorShortcut("Numbered list")} mac={mac} active={state.orderedList} onClick={() => chain().toggleOrderedList().run()}>
                1. List
              </ToolButton>
              <ToolButton label="Checklist" shortcut={editorShortcut("Checklist")} mac={mac} active={state.taskList} onClick={() => chain().toggleTaskList().run()}>
                ☑ Checklist
              </ToolButton>
            </div>
            <div className="editor-toolbar__group">
              <ToolButton label="Insert table" mac={mac} onClick={() => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()}>
                Table
              </ToolButton>
              <ToolButton label="Callout" mac={mac} active={state.callout} onClick={() => chain().toggleCallout().run()}>
                Callout
              </ToolButton>
              <ToolButton label="Insert clause position" shortcut={editorShortcut("Insert clause position")} mac={mac} onClick={() => insertClausePositionAndName(editor)}>
                Clause position
              </ToolButton>
              <ToolButton label="Insert clause from library" shortcut={editorShortcut("Insert clause from library")} mac={mac} onClick={onInsertFromLibrary}>
                Clause from library
              </ToolButton>
              <ToolButton label="Insert variable" mac={mac} onClick={() => setPrompt(prompt === "variable" ? null : "variable")}>
                {"{{ }}"} Variable
              </ToolButton>
            </div>
          </>
        )}
        {onComment ? (
          <div className="editor-toolbar__group">
            <ToolButton label="Comment" shortcut={editorShortcut("Comment")} mac={mac} disabled={state.selectionEmpty} onClick={onComment}>
              Comment
            </ToolButton>
          </div>
        ) : null}
        {state.inTable && !suggestOnly ? (
          <div className="editor-toolbar__group" role="group" aria-label="Table">
            <ToolButton label="Add row below" mac={mac} onClick={() => chain().addRowAfter().run()}>
              + Row
            </ToolButton>
            <ToolButton label="Add column right" mac={mac} onClick={() => chain().addColumnAfter().run()}>
              + Column
            </ToolButton>
            <ToolButton label="Delete row" mac={mac} onClick={() => chain().deleteRow().run()}>
              − Row
            </ToolButton>
            <ToolButton label="Delete column" mac={mac} onClick={() => chain().deleteColumn().run()}>
              − Column
            </ToolButton>
            <ToolButton label="Delete table" mac={mac} onClick={() => chain().deleteTable().run()}>
              Delete table
            </ToolButton>
          </div>
        ) : null}
      </div>
      {prompt === "link" ? (
        <PromptForm
          title={state.link ? "Edit link (leave empty to remove it)" : "Add a link"}
          submitLabel="Apply"
          fields={[{ name: "href", label: "Address", defaultValue: state.linkHref, hint: "A web address (https://…) or mailto:" }]}
          onCancel={closePrompt}
          onSubmit={(values) => {
            const raw = String(values.href ?? "");
            const href = normalizeLinkHref(raw);
            if (raw && !href) return; // the field keeps what was typed
            setPrompt(null);
            applyLink(editor, href);
          }}
        />
      ) : null}
      {prompt === "variable" ? <VariableForm editor={editor} onDone={() => setPrompt(null)} /> : null}
      {editing ? <VariableForm editor={editor} editing={editing} onDone={() => setPrompt(null)} /> : null}
    </div>
  );
}
