import type { Editor } from "@tiptap/core";
import { useEditorState } from "@tiptap/react";
import { collectVariables } from "./variables";

/** The template variables the document uses: name, label, default and whether it is required. */
export function VariablesPanel({ editor }: { editor: Editor }) {
  const variables = useEditorState({ editor, selector: ({ editor: e }) => collectVariables(e.state.doc) });
  return (
    <aside className="variables-panel" aria-labelledby="variables-panel-title">
      <h2 id="variables-panel-title">Variables</h2>
      {variables.length === 0 ? (
        <p className="hint">No variables yet. “Insert variable” adds a {"{{placeholder}}"} that is filled in when the template is used.</p>
      ) : (
        <ul className="variables-panel__list">
          {variables.map((v) => (
            <li key={v.name}>
              <code className="variable-chip">{`{{${v.name}}}`}</code>
              {v.required ? <span className="badge badge--required">Required</span> : null}
              <dl>
                <dt>Label</dt>
                <dd>{v.label || "—"}</dd>
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
