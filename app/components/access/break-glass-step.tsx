import { Form, useActionData, useNavigation } from "@remix-run/react";
import { TextareaField } from "~/components/documents/fields";
import { FormError } from "~/components/form-field";

type Target = {
  client: { id: string; name: string };
  mandate: { id: string; title: string; reference: string } | null;
  document: { id: string; title: string } | null;
  hours: number;
};
type ActionResult = { ok?: boolean; errors?: { formError?: string; fieldErrors?: Record<string, string> } } | undefined;

/**
 * Shown instead of a 404 to an admin who may see that a client's mandate or document exists but
 * is on none of that client's teams (ADR 013): opening it is recorded, with a reason, and lasts
 * a few hours. The form posts `intent=break-glass` to the page's own action.
 */
export function BreakGlassStep({ target }: { target: Target }) {
  const result = useActionData<ActionResult>();
  const navigation = useNavigation();
  const errors = result && !result.ok ? result.errors : undefined;
  const what = target.mandate ? `the mandate “${target.mandate.title}” (${target.mandate.reference})` : `the document “${target.document?.title ?? ""}”`;
  return (
    <section className="card break-glass" aria-labelledby="break-glass-title">
      <p className="badge break-glass__badge">Break glass</p>
      <h1 id="break-glass-title">Break glass to open {target.mandate ? target.mandate.title : target.document?.title}</h1>
      <p>
        This is client material of <strong>{target.client.name}</strong>: {what}. You are not on any of {target.client.name}&apos;s
        mandate teams, so you may see that it exists but not open it.
      </p>
      <p>
        As an admin you can open {target.client.name}&apos;s material for {target.hours} hours. Your name, the time and your reason are
        recorded in the access record and the audit trail, and can be reported to the client.
      </p>
      <FormError error={errors?.formError} />
      <Form method="post">
        <input type="hidden" name="intent" value="break-glass" />
        <TextareaField
          label="Why do you need to open it?"
          name="reason"
          required
          minLength={10}
          maxLength={2000}
          rows={3}
          hint="At least 10 characters. This goes on the record."
          error={errors?.fieldErrors?.reason ?? errors?.fieldErrors?.target}
        />
        <button type="submit" className="button danger" disabled={navigation.state !== "idle"}>
          Break glass and open
        </button>
      </Form>
    </section>
  );
}
