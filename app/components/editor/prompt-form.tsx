import { useEffect, useId, useRef, useState } from "react";

export type PromptField = {
  name: string;
  label: string;
  /** `lines` is a text area whose value is one item a line. */
  type?: "text" | "url" | "checkbox" | "select" | "lines";
  required?: boolean;
  pattern?: string;
  hint?: string;
  defaultValue?: string;
  /** For a `select`. */
  options?: { value: string; label: string }[];
  /** Shown only while the select `field` has the value `equals` (hidden, its value is ""). */
  shownWhen?: { field: string; equals: string };
};

/**
 * A small inline form under the toolbar (instead of window.prompt): Enter submits, Escape cancels.
 * `onSubmit` may return a message saying what to fix; the form then stays, showing it.
 */
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
  onSubmit: (values: Record<string, string | boolean>) => string | void;
  onCancel: () => void;
}) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.filter((f) => f.type === "select").map((f) => [f.name, f.defaultValue ?? f.options?.[0]?.value ?? ""])),
  );
  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>("input, select")?.focus();
  }, []);
  const shown = fields.filter((f) => !f.shownWhen || selected[f.shownWhen.field] === f.shownWhen.equals);
  const fieldId = (name: string) => `${id}-${name}`;
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
        setError(onSubmit(values) || null);
      }}
    >
      <p className="editor-prompt__title" id={`${id}-title`}>
        {title}
      </p>
      {shown.map((field) =>
        field.type === "checkbox" ? (
          <label key={field.name} className="editor-prompt__check">
            <input type="checkbox" name={field.name} defaultChecked={field.defaultValue === "true"} />
            {field.label}
          </label>
        ) : (
          <div key={field.name} className="editor-prompt__field">
            <label htmlFor={fieldId(field.name)}>{field.label}</label>
            {field.type === "select" ? (
              <select
                id={fieldId(field.name)}
                name={field.name}
                value={selected[field.name]}
                onChange={(e) => setSelected((s) => ({ ...s, [field.name]: e.target.value }))}
              >
                {field.options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : field.type === "lines" ? (
              <textarea
                id={fieldId(field.name)}
                name={field.name}
                required={field.required}
                defaultValue={field.defaultValue}
                rows={3}
                aria-describedby={field.hint ? `${fieldId(field.name)}-hint` : undefined}
              />
            ) : (
              <input
                id={fieldId(field.name)}
                name={field.name}
                type={field.type ?? "text"}
                required={field.required}
                pattern={field.pattern}
                title={field.hint}
                defaultValue={field.defaultValue}
                autoComplete="off"
              />
            )}
            {field.type === "lines" && field.hint ? (
              <span className="editor-prompt__hint" id={`${fieldId(field.name)}-hint`}>
                {field.hint}
              </span>
            ) : null}
          </div>
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
      {error ? (
        <p className="editor-prompt__error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
