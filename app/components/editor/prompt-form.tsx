import { useEffect, useId, useRef } from "react";

export type PromptField = {
  name: string;
  label: string;
  type?: "text" | "url" | "checkbox";
  required?: boolean;
  pattern?: string;
  hint?: string;
  defaultValue?: string;
};

/** A small inline form under the toolbar (instead of window.prompt): Enter submits, Escape cancels. */
export function PromptForm({
  title,
  fields,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  title: string;
  fields: PromptField[];
  submitLabel: string;
  onSubmit: (values: Record<string, string | boolean>) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>("input")?.focus();
  }, []);
  return (
    <form
      ref={formRef}
      className="editor-prompt"
      aria-labelledby={`${id}-title`}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          onCancel();
        }
      }}
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const values: Record<string, string | boolean> = {};
        for (const field of fields) {
          values[field.name] = field.type === "checkbox" ? data.get(field.name) === "on" : String(data.get(field.name) ?? "").trim();
        }
        onSubmit(values);
      }}
    >
      <p className="editor-prompt__title" id={`${id}-title`}>
        {title}
      </p>
      {fields.map((field) =>
        field.type === "checkbox" ? (
          <label key={field.name} className="editor-prompt__check">
            <input type="checkbox" name={field.name} defaultChecked={field.defaultValue === "true"} />
            {field.label}
          </label>
        ) : (
          <label key={field.name} className="editor-prompt__field">
            <span>{field.label}</span>
            <input
              name={field.name}
              type={field.type ?? "text"}
              required={field.required}
              pattern={field.pattern}
              title={field.hint}
              defaultValue={field.defaultValue}
              autoComplete="off"
            />
          </label>
        ),
      )}
      <div className="editor-prompt__actions">
        <button type="submit" className="button primary small">
          {submitLabel}
        </button>
        <button type="button" className="button small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
