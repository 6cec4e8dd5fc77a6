import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { clearLocalDocumentCopies } from "~/components/editor/local-copies";
import { FormError, FormField } from "~/components/form-field";
import { actionError } from "~/utils/action-error.server";
import { getViewer, safeRedirect } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Precedent" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (getViewer(context)) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  try {
    const { token, session } = await context.services.auth.login(
      { email: form.get("email"), password: form.get("password") },
      { ip: context.state.clientIp, userAgent: request.headers.get("user-agent") ?? undefined },
    );
    throw redirect(safeRedirect(form.get("redirectTo")), {
      headers: { "Set-Cookie": context.cookies.session(token, session.expiresAt) },
    });
  } catch (error) {
    if (error instanceof Response) throw error;
    return actionError(error);
  }
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const errorRef = useRef<HTMLDivElement>(null);
  const errors = actionData?.errors;
  // Nobody is signed in here (the loader sends a signed-in person on): no offline copy of a
  // document may stay on this device (local-copies.ts). Also catches a sign-out without JavaScript,
  // an expired session and one ended from another device.
  useEffect(() => {
    void clearLocalDocumentCopies();
  }, []);
  useEffect(() => {
    if (errors?.formError) errorRef.current?.querySelector<HTMLElement>("[role=alert]")?.focus();
  }, [errors]);
  return (
    <main className="page-centered">
      <section className="card auth-card" aria-labelledby="sign-in-title">
        <p className="brand">Precedent</p>
        <h1 id="sign-in-title">Sign in</h1>
        <div ref={errorRef}>
          <FormError error={errors?.formError} />
        </div>
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <FormField
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            error={errors?.fieldErrors?.email}
          />
          <FormField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            error={errors?.fieldErrors?.password}
          />
          <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "Signing in…" : "Sign in"}
          </button>
        </Form>
        <p className="hint">New here? Ask your administrator for an invitation link.</p>
      </section>
    </main>
  );
}
