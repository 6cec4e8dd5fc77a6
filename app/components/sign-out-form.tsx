import { Form, useSubmit } from "@remix-run/react";
import { useCallback, useState, type FormEvent } from "react";
import { clearLocalDocumentCopies } from "~/components/editor/local-copies";

/**
 * Signs out (POST /logout), clearing this browser's offline copies of documents first, while the
 * page still runs and the open editor can let go of its copy. Sign-out happens even if clearing
 * fails: the login page tries again (local-copies.ts).
 */
export function useSignOut() {
  const submit = useSubmit();
  const [signingOut, setSigningOut] = useState(false);
  const signOut = useCallback(
    (everywhere = false) => {
      if (signingOut) return;
      setSigningOut(true);
      void clearLocalDocumentCopies()
        .catch(() => 0)
        .then(() => submit(everywhere ? { scope: "everywhere" } : {}, { method: "post", action: "/logout" }));
    },
    [signingOut, submit],
  );
  return { signOut, signingOut };
}

/** The sign-out button as a form: without JavaScript it posts as usual and the login page clears the copies. */
export function SignOutForm({ everywhere = false, label, className = "button" }: { everywhere?: boolean; label: string; className?: string }) {
  const { signOut, signingOut } = useSignOut();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    signOut(everywhere);
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
