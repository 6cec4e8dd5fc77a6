import { useActionData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";

export type ActionErrors = { formError?: string; fieldErrors?: Record<string, string> };
type Result = { ok: true; intent: string; message: string } | { ok: false; errors: ActionErrors } | undefined;

/**
 * The mandate page's last action, for whichever of its many forms sent it: a failed action's
 * errors carry no intent, so the intent of the last submission is remembered here and each
 * form shows only its own errors.
 */
export function useMandateAction() {
  const result = useActionData() as Result;
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "") : undefined;
  const submittingId = navigation.state === "submitting" ? String(navigation.formData?.get("deliverableId") ?? navigation.formData?.get("linkId") ?? "") : "";
  const [lastIntent, setLastIntent] = useState<string>();
  useEffect(() => {
    if (submitting !== undefined) setLastIntent(submitting);
  }, [submitting]);
  const errors = result && !result.ok ? result.errors : undefined;
  return {
    result,
    message: result && result.ok ? result.message : undefined,
    submitting,
    submittingId,
    /** The errors if the last submission was this intent's. */
    errorsFor: (intent: string) => (lastIntent === intent ? errors : undefined),
  };
}
