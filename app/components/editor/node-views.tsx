/**
 * How the custom nodes look in the editor. Node views change rendering only: the schema (and the
 * HTML the server renders) stays in ~/editor.
 */
import { NodeViewContent, NodeViewWrapper, ReactNodeViewRenderer, useEditorState, type ReactNodeViewProps } from "@tiptap/react";
import type { Editor, NodeViewRenderer } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { CALLOUT_LABEL, CALLOUT_TONES, type CustomNodeName } from "~/editor/extensions";

const ROLE_LABEL = { preferred: "Preferred position", fallback: "Fallback", redline: "Red line", rationale: "Rationale" } as const;

/** "Preferred position", "Fallback 2", "Red line", "Rationale". */
export function clausePartLabel(editor: Editor, pos: number | undefined, role: string): string {
  if (role !== "fallback") return ROLE_LABEL[role as keyof typeof ROLE_LABEL] ?? "Part";
  if (pos === undefined || pos > editor.state.doc.content.size) return "Fallback";
  const $pos = editor.state.doc.resolve(pos);
  let number = 0;
  for (let i = 0; i <= $pos.index() && i < $pos.parent.childCount; i++) {
    if ($pos.parent.child(i).attrs.role === "fallback") number += 1;
  }
  return `Fallback ${Math.max(number, 1)}`;
}

function safePos(getPos: () => number | undefined): number | undefined {
  try {
    return getPos();
  } catch {
    return undefined;
  }
}

function useEditable(editor: Editor): boolean {
  return useEditorState({ editor, selector: ({ editor: e }) => e.isEditable });
}

/** Move the caret into the first part of the clause at `pos` (after naming it). */
export function focusClauseBody(editor: Editor, pos: number) {
  // Focus synchronously: Tiptap's focus() waits a frame, and keys typed meanwhile would go to the input.
  editor.view.focus();
  editor.commands.setTextSelection(pos + 3);
}

function ClausePositionView({ node, editor, getPos, updateAttributes }: ReactNodeViewProps) {
  const editable = useEditable(editor);
  const name = String(node.attrs.name ?? "");
  const escalateTo = String(node.attrs.escalateTo ?? "");
  const clauseId = String(node.attrs.clauseId ?? "");
  const onEnter = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const pos = safePos(getPos);
    if (pos !== undefined) focusClauseBody(editor, pos);
  };
  return (
    <NodeViewWrapper
      as="section"
      className="clause-card"
      data-clause-position=""
      data-clause-id={clauseId}
      id={clauseId ? `clause-${clauseId}` : undefined}
      aria-label={`Clause position: ${name || "untitled"}`}
    >
      <header className="clause-card__header" contentEditable={false}>
        <span className="clause-card__kind" aria-hidden="true">
          Clause position
        </span>
        <label className="clause-card__field clause-card__field--name">
          <span>Clause name</span>
          <input
            name="clause-name"
            value={name}
            readOnly={!editable}
            placeholder="e.g. Limitation of liability"
            onChange={(e) => updateAttributes({ name: e.target.value })}
            onKeyDown={onEnter}
          />
        </label>
        <label className="clause-card__field">
          <span>Escalate to</span>
          <input
            name="clause-escalate-to"
            value={escalateTo}
            readOnly={!editable}
            placeholder={editable ? "e.g. General Counsel" : "—"}
            onChange={(e) => updateAttributes({ escalateTo: e.target.value })}
            onKeyDown={onEnter}
          />
        </label>
      </header>
      <NodeViewContent className="clause-card__parts" />
      {editable ? (
        <footer className="clause-card__footer" contentEditable={false}>
          <button
            type="button"
            className="button small"
            onClick={() => {
              const pos = safePos(getPos);
              if (pos !== undefined) editor.commands.addClauseFallback(pos);
            }}
          >
            Add fallback
          </button>
        </footer>
      ) : null}
    </NodeViewWrapper>
  );
}

function ClausePartView({ node, editor, getPos }: ReactNodeViewProps) {
  const role = String(node.attrs.role ?? "preferred");
  const { label, editable } = useEditorState({
    editor,
    selector: ({ editor: e }) => ({ label: clausePartLabel(e, safePos(getPos), role), editable: e.isEditable }),
  });
  return (
    <NodeViewWrapper className={`clause-part clause-part--${role}`} data-clause-part={role} role="group" aria-label={label}>
      <div className="clause-part__label" contentEditable={false}>
        <span>{label}</span>
        {role === "fallback" && editable ? (
          <button
            type="button"
            className="link-button"
            aria-label={`Remove ${label}`}
            onClick={() => {
              const pos = safePos(getPos);
              if (pos !== undefined) editor.commands.removeClauseFallback(pos);
            }}
          >
            Remove
          </button>
        ) : null}
      </div>
      <NodeViewContent className="clause-part__body" />
    </NodeViewWrapper>
  );
}

function CalloutView({ node, editor, updateAttributes }: ReactNodeViewProps) {
  const editable = useEditable(editor);
  const tone = CALLOUT_TONES.find((t) => t === node.attrs.tone) ?? "info";
  return (
    <NodeViewWrapper className={`callout callout--${tone}`} data-callout="" data-tone={tone} role="note" aria-label={CALLOUT_LABEL[tone]}>
      <div className="callout__tone" contentEditable={false}>
        {editable ? (
          <select aria-label="Callout tone" value={tone} onChange={(e) => updateAttributes({ tone: e.target.value })}>
            {CALLOUT_TONES.map((t) => (
              <option key={t} value={t}>
                {CALLOUT_LABEL[t]}
              </option>
            ))}
          </select>
        ) : (
          <span>{CALLOUT_LABEL[tone]}</span>
        )}
      </div>
      <NodeViewContent className="callout__body" />
    </NodeViewWrapper>
  );
}

function renderVariableChip(dom: HTMLElement, node: PMNode) {
  const name = String(node.attrs.name ?? "");
  const label = String(node.attrs.label ?? "");
  const defaultValue = String(node.attrs.defaultValue ?? "");
  dom.textContent = `{{${name}}}`;
  dom.dataset.name = name;
  const details = [label || name, defaultValue ? `default: ${defaultValue}` : "", node.attrs.required ? "required" : ""].filter(Boolean);
  dom.title = `Variable ${details.join(" · ")}`;
}

/** `{{name}}` chip; a plain DOM view, cheaper than React for many inline atoms. */
export const templateVariableView: NodeViewRenderer = ({ node }) => {
  const dom = document.createElement("span");
  dom.className = "variable-chip";
  dom.setAttribute("data-template-variable", "");
  dom.contentEditable = "false";
  renderVariableChip(dom, node);
  return {
    dom,
    update(next) {
      if (next.type !== node.type) return false;
      renderVariableChip(dom, next);
      return true;
    },
    ignoreMutation: () => true,
  };
};

/**
 * These views read only their node's attributes (the content is ProseMirror's): re-render them
 * when the attributes change, not on every keystroke inside.
 */
const onAttributeChange = {
  update: ({ oldNode, newNode, updateProps }: { oldNode: PMNode; newNode: PMNode; updateProps: () => void }) => {
    if (!oldNode.sameMarkup(newNode)) updateProps();
    return true;
  },
};

export function editorNodeViews(): Partial<Record<CustomNodeName, NodeViewRenderer>> {
  return {
    clausePosition: ReactNodeViewRenderer(ClausePositionView, onAttributeChange),
    clausePart: ReactNodeViewRenderer(ClausePartView, onAttributeChange),
    callout: ReactNodeViewRenderer(CalloutView, onAttributeChange),
    templateVariable: templateVariableView,
  };
}
