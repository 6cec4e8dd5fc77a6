import { useId } from "react";

/** The parts every labelled control shares: a label, an optional hint, an error tied to it and announced. */
function useFieldIds(hint?: string, error?: string) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return { id, errorId, hintId, describedBy };
}

function FieldFooter({ hint, hintId, error, errorId }: { hint?: string; hintId: string; error?: string; errorId: string }) {
  return (
    <>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

export type Option = { value: string; label: string };

/** A labelled <select>, like FormField for inputs. */
export function SelectField({
  label,
  name,
  options,
  error,
  hint,
  ...select
}: { label: string; name: string; options: Option[]; error?: string; hint?: string } & React.SelectHTMLAttributes<HTMLSelectElement>) {
  const { id, errorId, hintId, describedBy } = useFieldIds(hint, error);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldFooter hint={hint} hintId={hintId} error={error} errorId={errorId} />
    </div>
  );
}

/** A labelled <textarea>. */
export function TextareaField({
  label,
  name,
  error,
  hint,
  ...textarea
}: { label: string; name: string; error?: string; hint?: string } & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { id, errorId, hintId, describedBy } = useFieldIds(hint, error);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...textarea} />
      <FieldFooter hint={hint} hintId={hintId} error={error} errorId={errorId} />
    </div>
  );
}

type Errors = { formError?: string; fieldErrors?: Record<string, string> } | undefined;

/** A field's error: its own, or the first about one of its items ("tags.2"). */
export function fieldError(errors: Errors, name: string): string | undefined {
  const fields = errors?.fieldErrors;
  if (!fields) return undefined;
  return fields[name] ?? Object.entries(fields).find(([path]) => path.startsWith(`${name}.`))?.[1];
}

/** A form-level message: the form error, or a field error no field on the form shows ("form", unknown keys). */
export function formError(errors: Errors, shownFields: string[]): string | undefined {
  if (errors?.formError) return errors.formError;
  const fields = errors?.fieldErrors;
  if (!fields) return undefined;
  return Object.entries(fields).find(([path]) => !shownFields.some((f) => path === f || path.startsWith(`${f}.`)))?.[1];
}
