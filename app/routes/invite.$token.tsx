import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { FormError, FormField } from "~/components/form-field";
import { GeneralErrorBoundary, routeErrorOf } from "~/components/error-boundary";
import { actionError } from "~/utils/action-error.server";
import { errorResponse } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Join · Precedent" }];

export async function loader({ context, params }: LoaderFunctionArgs) {
  try {
    const invitation = await context.services.auth.requireOpenInvitation(params.token ?? "");
    return { email: invitation.email, organization: invitation.organization.name, role: invitation.role };
  } catch (error) {
    errorResponse(error);
  }
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const form = await request.formData();
  try {
    const { sessionToken, session } = await context.services.auth.acceptInvitation(
      params.token ?? "",
      { name: form.get("name"), password: form.get("password") },
      { userAgent: request.headers.get("user-agent") ?? undefined },
    );
    throw redirect("/library", { headers: { "Set-Cookie": context.cookies.session(sessionToken, session.expiresAt) } });
  } catch (error) {
    if (error instanceof Response) throw error;
    return actionError(error);
  }
}

export default function AcceptInvitation() {
  const { email, organization } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors;
  return (
    <main className="page-centered">
      <section className="card auth-card" aria-labelledby="join-title">
        <p className="brand">Precedent</p>
        <h1 id="join-title">Join {organization}</h1>
        <p>
          You were invited as <strong>{email}</strong>. Choose your name and a password to finish.
        </p>
        <FormError error={errors?.formError} />
        <Form method="post" noValidate>
          <input type="email" name="email" value={email} autoComplete="username" readOnly hidden />
          <FormField label="Your name" name="name" autoComplete="name" required autoFocus error={errors?.fieldErrors?.name} />
          <FormField
            label="Password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            hint="At least 10 characters. A passphrase is easiest."
            error={errors?.fieldErrors?.password}
          />
          <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
            Join and sign in
          </button>
        </Form>
      </section>
    </main>
  );
}

/** Why an invitation link no longer opens (the loader's 410 or 404), and what to do instead. */
const CLOSED_INVITATIONS: Record<string, { title: string; body: string }> = {
  invitation_used: {
    title: "This invitation has already been used",
    body: "If you accepted it, sign in with the email address it was sent to and the password you chose. If you did not, ask an administrator of your organisation for a new invitation.",
  },
  invitation_expired: {
    title: "This invitation has expired",
    body: "Invitations are valid for a limited time. Ask an administrator of your organisation to send you a new one; if you already have an account, sign in.",
  },
  invitation_not_found: {
    title: "This invitation link does not work",
    body: "It may have been withdrawn, or copied only in part. Check the link in your email, or ask an administrator of your organisation for a new invitation.",
  },
};

export function ErrorBoundary() {
  const closed = CLOSED_INVITATIONS[routeErrorOf(useRouteError()).code ?? ""];
  return (
    <main className="page-centered">
      {closed ? (
        <section className="card auth-card" aria-labelledby="invitation-closed-title">
          <p className="brand">Precedent</p>
          <h1 id="invitation-closed-title">{closed.title}</h1>
          <p>{closed.body}</p>
          <Link to="/login" className="button primary">
            Sign in
          </Link>
        </section>
      ) : (
        <GeneralErrorBoundary />
      )}
    </main>
  );
}
