import { useActionData, useNavigation } from "@remix-run/react";

export type DocumentActionErrors = { formError?: string; fieldErrors?: Record<string, string> };
type DocumentActionResult = { ok: true; intent: string; message: string } | { ok?: false; errors: DocumentActionErrors } | undefined;

/** The document page's last action (its forms post to the page with an `intent`), for whichever form shows it. */
export function useDocumentAction() {
  const result = useActionData() as DocumentActionResult;
  const navigation = useNavigation();
  const submittingIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : undefined;
  const errors = result && "errors" in result ? result.errors : undefined;
  const message = result && "message" in result ? result.message : undefined;
  const intent = result && "intent" in result ? result.intent : undefined;
  return { result, errors, message, intent, submittingIntent };
}
