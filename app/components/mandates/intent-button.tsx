import { Form } from "@remix-run/react";

/** One button that posts an intent with a few hidden fields (a status move, "move forward", "detach"). */
export function IntentButton({
  intent,
  fields,
  label,
  disabled,
  danger,
  children,
}: {
  intent: string;
  fields: Record<string, string>;
  /** The accessible name when the visible text alone is ambiguous in a table ("Start work on NDA"). */
  label?: string;
  disabled?: boolean;
  danger?: boolean;
  children: React.ReactNode;
}) {
  return (
    <Form method="post" preventScrollReset>
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={`button small${danger ? " danger" : ""}`} disabled={disabled} aria-label={label}>
        {children}
      </button>
    </Form>
  );
}
