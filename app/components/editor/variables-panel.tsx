import type { Editor } from "@tiptap/core";
import { useEditorState } from "@tiptap/react";
import { collectVariables } from "./variables";

const TYPE_NAME = { text: "Text", long: "Passage", date: "Date", number: "Number", choice: "Choice" } as const;

/**
 * The template variables the document uses: name, label, type, default and whether it is
 * required; an editor changes one with its Edit button (`onEdit`), as with a click on its chip.
 */
export function VariablesPanel({ editor, onEdit }: { editor: Editor; onEdit: (name: string) => void }) {
  const { variables, editable } = useEditorState({
    editor,
    selector: ({ editor: e }) => ({ variables: collectVariables(e.state.doc), editable: e.isEditable }),
  });
  return (
    <aside className="variables-panel" aria-labelledby="variables-panel-title">
      <h2 id="variables-panel-title">Variables</h2>
      {variables.length === 0 ? (
        <p className="hint">No variables yet. “Insert variable” adds a {"{{placeholder}}"} that is filled in when the template is used.</p>
      ) : (
        <ul className="variables-panel__list">
          {variables.map((v) => (
            <li key={v.name} aria-label={`{{${v.name}}}`}>
              <div className="variables-panel__head">
                <code className="variable-chip">{`{{${v.name}}}`}</code>
                {v.required ? <span className="badge badge--required">Required</span> : null}
                {editable ? (
                  <button type="button" className="link-button" aria-label={`Edit {{${v.name}}}`} onClick={() => onEdit(v.name)}>
                    Edit
                  </button>
                ) : null}
              </div>
              <dl>
                <dt>Label</dt>
                <dd>{v.label || "—"}</dd>
                <dt>Type</dt>
                <dd>{v.type === "choice" && v.choices.length ? `${TYPE_NAME.choice}: ${v.choices.join(", ")}` : TYPE_NAME[v.type]}</dd>
                <dt>Default</dt>
                <dd>{v.defaultValue || "—"}</dd>
                <dt>Required</dt>
                <dd>{v.required ? "Yes" : "No"}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
