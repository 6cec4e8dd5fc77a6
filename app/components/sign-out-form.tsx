import { Form, useSubmit } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { clearLocalDocumentCopies } from "~/components/editor/local-copies";

/**
 * The sign-out button (POST /logout). It clears this browser's offline copies of documents first,
 * while the page still runs and the open editor can let go of its copy, then signs out. Without
 * JavaScript the form posts as usual and the login page clears them (local-copies.ts).
 */
export function SignOutForm({ everywhere = false, label, className = "button" }: { everywhere?: boolean; label: string; className?: string }) {
  const submit = useSubmit();
  const [signingOut, setSigningOut] = useState(false);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (signingOut) return;
    setSigningOut(true);
    const form = event.currentTarget;
    // Sign out even if clearing fails: the login page tries again.
    void clearLocalDocumentCopies()
      .catch(() => 0)
      .then(() => submit(form));
  };
  return (
    <Form method="post" action="/logout" onSubmit={onSubmit}>
      {everywhere ? <input type="hidden" name="scope" value="everywhere" /> : null}
      <button type="submit" className={className} aria-busy={signingOut || undefined}>
        {label}
      </button>
    </Form>
  );
}
