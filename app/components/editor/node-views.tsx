/**
 * How the custom nodes look in the editor. Node views change rendering only: the schema (and the
 * HTML the server renders) stays in ~/editor.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { NodeViewContent, NodeViewWrapper, ReactNodeViewRenderer, useEditorState, type ReactNodeViewProps } from "@tiptap/react";
import type { Editor, NodeViewRenderer } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { Selection } from "@tiptap/pm/state";
import {
  CALLOUT_LABEL,
  CALLOUT_TONES,
  CLAUSE_PART_LABEL,
  CLAUSE_WORDING_LABEL,
  clauseSourceOf,
  hasClausePartApprover,
  isOptionalClausePart,
  mayHoldClauseWording,
  perspectivesOf,
  toClausePartRole,
  type ClausePartRole,
  type CustomNodeName,
} from "~/editor/extensions";
import { Redline } from "~/components/documents/redline";
import type { ClauseUpdate, ClauseUpdatesStore } from "~/components/library-clauses/library-clause-api";
import { onClauseCardTab } from "./clause-card-focus";

/** "Preferred position", "Fallback 2", "Grey zone", "Red line", "Rationale"… */
export function clausePartLabel(editor: Editor, pos: number | undefined, role: string): string {
  if (role !== "fallback") return CLAUSE_PART_LABEL[toClausePartRole(role)];
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

const NO_UPDATES: ClauseUpdatesStore = { subscribe: () => () => {}, get: () => undefined, check: async () => {} };

/**
 * "Source clause updated": the library clause this card was copied from reads differently in its
 * source's newer publication. The redline shows what the source changed; Update puts the new text
 * in its place through the editor (so every collaborator gets it) and records the new version.
 */
function SourceUpdatedNotice({ update, onUpdate }: { update: ClauseUpdate; onUpdate: () => void }) {
  const headingId = `source-updated-${update.sourceDocumentId}-${update.sourceClause}`;
  return (
    <aside className="clause-card__source-update" contentEditable={false} aria-labelledby={headingId}>
      <p className="clause-card__source-update-title">
        <strong id={headingId}>Source clause updated</strong>{" "}
        <span>
          <a href={`/documents/${encodeURIComponent(update.sourceDocumentId)}#${encodeURIComponent(update.sourceClause)}`}>{update.documentTitle}</a> published version{" "}
          {update.version.number}; this clause is from version {update.diff.from.kind === "version" ? update.diff.from.number : "—"}.
        </span>
      </p>
      <Redline diff={update.diff} />
      <p className="clause-card__source-update-actions">
        <button type="button" className="button small" onClick={onUpdate}>
          Update
        </button>
        <span className="hint">Replaces this clause's text with version {update.version.number}.</span>
      </p>
    </aside>
  );
}

/** The parts the card adds on request, one each (fallbacks: Add fallback), with their buttons' words. */
const ADDABLE_PARTS: { role: ClausePartRole; button: string }[] = [
  { role: "greyzone", button: "Add grey zone" },
  { role: "pushback", button: "Add pushback" },
  { role: "spotting", button: "Add spotting notes" },
];

function ClausePositionView({ node, editor, getPos, updateAttributes, updates }: ReactNodeViewProps & { updates: ClauseUpdatesStore }) {
  const editable = useEditable(editor);
  // The view re-renders on attribute changes only: what the parts are, and the document's
  // perspectives, come from the editor state.
  const { roles, perspectives } = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const pos = safePos(getPos);
      const clause = pos === undefined ? null : e.state.doc.nodeAt(pos);
      const present: string[] = [];
      clause?.forEach((part) => present.push(String(part.attrs.role)));
      return { roles: present.join(" "), perspectives: perspectivesOf(e.state.doc).join("\n") };
    },
  });
  const source = clauseSourceOf(node.attrs);
  const update = useSyncExternalStore(updates.subscribe, () => updates.get(source), () => undefined);
  const name = String(node.attrs.name ?? "");
  const escalateTo = String(node.attrs.escalateTo ?? "");
  const perspective = String(node.attrs.perspective ?? "");
  const required = node.attrs.required === true;
  const clauseId = String(node.attrs.clauseId ?? "");
  const perspectivesId = `clause-perspectives-${clauseId}`;
  const addPart = (role: ClausePartRole) => {
    const pos = safePos(getPos);
    if (pos !== undefined) editor.commands.addClausePart(pos, role);
  };
  const onTab = onClauseCardTab(editor);
  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    onTab(event);
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
            onKeyDown={onKeyDown}
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
            onKeyDown={onKeyDown}
          />
        </label>
        <label className="clause-card__field">
          <span>Perspective</span>
          <input
            name="clause-perspective"
            value={perspective}
            readOnly={!editable}
            placeholder={editable ? "Any, or e.g. recipient" : "Any"}
            list={editable ? perspectivesId : undefined}
            onChange={(e) => updateAttributes({ perspective: e.target.value })}
            onKeyDown={onKeyDown}
          />
          {editable ? (
            <datalist id={perspectivesId}>
              {perspectives
                .split("\n")
                .filter((p) => p && p !== perspective)
                .map((p) => (
                  <option key={p} value={p} />
                ))}
            </datalist>
          ) : null}
        </label>
        <label className="clause-card__field clause-card__field--check">
          <input
            type="checkbox"
            name="clause-required"
            checked={required}
            disabled={!editable}
            onChange={(e) => updateAttributes({ required: e.target.checked })}
            onKeyDown={onTab}
          />
          <span>Required</span>
        </label>
      </header>
      {editable && update ? (
        <SourceUpdatedNotice
          update={update}
          onUpdate={() => {
            const pos = safePos(getPos);
            if (pos !== undefined) editor.chain().focus().replaceClausePosition(pos, update.clause).run();
          }}
        />
      ) : null}
      <NodeViewContent className="clause-card__parts" />
      {editable ? (
        <footer className="clause-card__footer" contentEditable={false}>
          <button type="button" className="button small" onKeyDown={onTab} onClick={() => addPart("fallback")}>
            Add fallback
          </button>
          {ADDABLE_PARTS.filter(({ role }) => !roles.split(" ").includes(role)).map(({ role, button }) => (
            <button key={role} type="button" className="button small" onKeyDown={onTab} onClick={() => addPart(role)}>
              {button}
            </button>
          ))}
        </footer>
      ) : null}
    </NodeViewWrapper>
  );
}

function ClausePartView({ node, editor, getPos, updateAttributes }: ReactNodeViewProps) {
  const role = String(node.attrs.role ?? "preferred");
  const approver = String(node.attrs.approver ?? "");
  const { label, editable, worded } = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const pos = safePos(getPos);
      const part = pos === undefined || pos > e.state.doc.content.size ? null : e.state.doc.nodeAt(pos);
      return { label: clausePartLabel(e, pos, role), editable: e.isEditable, worded: part?.lastChild?.type.name === "clauseWording" };
    },
  });
  // Removing a part loses its text: the Remove button asks first, with Keep focused, so a
  // stray Space or Enter on it removes nothing.
  const [confirming, setConfirming] = useState(false);
  const asked = useRef(false);
  const removeRef = useRef<HTMLButtonElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) keepRef.current?.focus();
    else if (asked.current) removeRef.current?.focus();
    asked.current ||= confirming;
  }, [confirming]);
  const onTab = onClauseCardTab(editor);
  const remove = () => {
    const pos = safePos(getPos);
    if (pos === undefined || !editor.commands.removeClausePart(pos)) return;
    // The caret goes to the part that took its place.
    const { view } = editor;
    view.focus();
    view.dispatch(view.state.tr.setSelection(Selection.near(view.state.doc.resolve(Math.min(pos, view.state.doc.content.size)))));
  };
  const addWording = () => {
    const pos = safePos(getPos);
    const part = pos === undefined ? null : editor.state.doc.nodeAt(pos);
    if (pos === undefined || !part || !editor.commands.addClauseWording(pos)) return;
    // The caret goes into the new wording's paragraph: it starts where the part's content ended.
    editor.view.focus();
    editor.commands.setTextSelection(pos + part.nodeSize + 1);
  };
  return (
    <NodeViewWrapper className={`clause-part clause-part--${role}`} data-clause-part={role} role="group" aria-label={label}>
      <div className="clause-part__label" contentEditable={false}>
        <span>{label}</span>
        {hasClausePartApprover(role) && (editable || approver) ? (
          <label className="clause-part__approver">
            <span>Approver</span>
            <input
              name="clause-part-approver"
              aria-label={`${label} approver`}
              value={approver}
              readOnly={!editable}
              placeholder="e.g. Supervising associate"
              onChange={(e) => updateAttributes({ approver: e.target.value })}
              onKeyDown={onTab}
            />
          </label>
        ) : null}
        {isOptionalClausePart(role) && editable ? (
          confirming ? (
            <span
              className="clause-part__confirm"
              role="group"
              aria-label={`Remove ${label}?`}
              onKeyDown={(e) => {
                if (e.key !== "Escape") return;
                e.preventDefault();
                setConfirming(false);
              }}
            >
              <span>{role === "fallback" ? "Remove this fallback?" : "Remove this part?"}</span>
              <button type="button" className="link-button link-button--danger" onKeyDown={onTab} onClick={remove}>
                Yes, remove
              </button>
              <button type="button" className="link-button" ref={keepRef} onKeyDown={onTab} onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" className="link-button" ref={removeRef} aria-label={`Remove ${label}`} onKeyDown={onTab} onClick={() => setConfirming(true)}>
              Remove
            </button>
          )
        ) : null}
      </div>
      <NodeViewContent className="clause-part__body" />
      {editable && mayHoldClauseWording(role) && !worded ? (
        <div className="clause-part__actions" contentEditable={false}>
          <button type="button" className="link-button" aria-label={`Add model wording to ${label}`} onKeyDown={onTab} onClick={addWording}>
            Add model wording
          </button>
        </div>
      ) : null}
    </NodeViewWrapper>
  );
}

/** Model wording: the clause text itself, inside its part, under its own label. */
function ClauseWordingView({ editor, getPos }: ReactNodeViewProps) {
  const editable = useEditable(editor);
  const onTab = onClauseCardTab(editor);
  const remove = () => {
    const pos = safePos(getPos);
    if (pos === undefined || !editor.commands.removeClauseWording(pos)) return;
    const { view } = editor;
    view.focus();
    view.dispatch(view.state.tr.setSelection(Selection.near(view.state.doc.resolve(pos), -1)));
  };
  return (
    <NodeViewWrapper className="clause-wording" data-clause-wording="" role="group" aria-label={CLAUSE_WORDING_LABEL}>
      <div className="clause-part__label" contentEditable={false}>
        <span>{CLAUSE_WORDING_LABEL}</span>
        {editable ? (
          <button type="button" className="link-button" aria-label="Remove model wording" onKeyDown={onTab} onClick={remove}>
            Remove
          </button>
        ) : null}
      </div>
      <NodeViewContent className="clause-wording__body" />
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

function renderVariableChip(dom: HTMLElement, node: PMNode, editable: boolean) {
  const name = String(node.attrs.name ?? "");
  const label = String(node.attrs.label ?? "");
  const defaultValue = String(node.attrs.defaultValue ?? "");
  dom.textContent = `{{${name}}}`;
  dom.dataset.name = name;
  const details = [label || name, defaultValue ? `default: ${defaultValue}` : "", node.attrs.required ? "required" : ""].filter(Boolean);
  dom.title = `Variable ${details.join(" · ")}${editable ? " (click or Enter to edit)" : ""}`;
}

/**
 * `{{name}}` chip; a plain DOM view, cheaper than React for many inline atoms. A click on it, in
 * an editable document, asks `editVariable` to open the variable's form.
 */
export function templateVariableView(editVariable: (name: string) => void): NodeViewRenderer {
  return ({ node, editor }) => {
    let current = node;
    const dom = document.createElement("span");
    dom.className = "variable-chip";
    dom.setAttribute("data-template-variable", "");
    dom.contentEditable = "false";
    dom.addEventListener("click", () => {
      if (editor.isEditable) editVariable(String(current.attrs.name ?? ""));
    });
    renderVariableChip(dom, node, editor.isEditable);
    return {
      dom,
      update(next) {
        if (next.type !== node.type) return false;
        current = next;
        renderVariableChip(dom, next, editor.isEditable);
        return true;
      },
      ignoreMutation: () => true,
    };
  };
}

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

export function editorNodeViews({
  editVariable,
  clauseUpdates,
}: {
  editVariable: (name: string) => void;
  /** The updates of library clauses' sources, which a clause card shows as a notice. */
  clauseUpdates?: ClauseUpdatesStore;
}): Partial<Record<CustomNodeName, NodeViewRenderer>> {
  const updates = clauseUpdates ?? NO_UPDATES;
  return {
    clausePosition: ReactNodeViewRenderer((props: ReactNodeViewProps) => <ClausePositionView {...props} updates={updates} />, onAttributeChange),
    clausePart: ReactNodeViewRenderer(ClausePartView, onAttributeChange),
    clauseWording: ReactNodeViewRenderer(ClauseWordingView, onAttributeChange),
    callout: ReactNodeViewRenderer(CalloutView, onAttributeChange),
    templateVariable: templateVariableView(editVariable),
  };
}
