import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { CopyField } from "~/components/copy-field";
import { EmptyState } from "~/components/empty-state";
import { FormError, FormField } from "~/components/form-field";
import { SignOutForm } from "~/components/sign-out-form";
import { useToastFor } from "~/components/toast/toaster";
import { actionError, unknownIntent } from "~/utils/action-error.server";
import { requireViewer } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "API tokens · Precedent" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  const tokens = await context.services.auth.listApiTokens(viewer);
  return { tokens: tokens.map(context.present.apiToken) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "create") {
      const { token, record } = await context.services.auth.createApiToken(viewer, {
        name: form.get("name"),
        expiresInDays: form.get("expiresInDays") || undefined,
      });
      return { ok: true as const, created: { token, name: record.name, expiresAt: record.expiresAt?.toISOString() ?? null } };
    }
    if (intent === "revoke") {
      await context.services.auth.revokeApiToken(viewer, String(form.get("tokenId") ?? ""));
      return { ok: true as const, revoked: true };
    }
    return unknownIntent();
  } catch (error) {
    return actionError(error);
  }
}

/** Lifetimes offered for a new token (the API takes any 1–365 days, or an expiresAt). */
const EXPIRY_CHOICES = [
  ["7", "In 7 days"],
  ["30", "In 30 days"],
  ["90", "In 90 days"],
  ["365", "In a year"],
  ["", "Never (until revoked)"],
] as const;

export default function ApiTokens() {
  const { tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const created = result && "created" in result ? result.created : undefined;
  const errors = result && "errors" in result ? result.errors : undefined;
  useEffect(() => {
    if (created) formRef.current?.reset();
  }, [created]);
  // A revoked token leaves the table and nothing else changes on the page: say it happened.
  useToastFor(result, (r) => ("revoked" in r ? "Token revoked: scripts using it can no longer call the API." : undefined));
  return (
    <>
      <h1>API tokens</h1>
      <p className="lead">
        Personal tokens let scripts call the API as you: send <code>Authorization: Bearer &lt;token&gt;</code>. A token is
        shown once, when it is created; we keep only a hash of it.
      </p>
      {created ? (
        <CopyField
          label={`Token “${created.name}”`}
          value={created.token}
          note={`copy it now: it will not be shown again. ${created.expiresAt ? `It expires ${formatDate(created.expiresAt)}.` : "It never expires: revoke it when it is no longer needed."}`}
        />
      ) : null}
      <section className="card" aria-labelledby="new-token">
        <h2 id="new-token">New token</h2>
        <FormError error={errors?.formError} />
        <Form method="post" ref={formRef} className="inline-form">
          <input type="hidden" name="intent" value="create" />
          <FormField label="Token name" name="name" required maxLength={100} placeholder="e.g. Matter intake script" error={errors?.fieldErrors?.name} />
          <div className="field">
            <label htmlFor="token-expires">Expires</label>
            <select
              id="token-expires"
              name="expiresInDays"
              defaultValue="90"
              aria-invalid={errors?.fieldErrors?.expiresInDays ? true : undefined}
              aria-describedby={errors?.fieldErrors?.expiresInDays ? "token-expires-error" : undefined}
            >
              {EXPIRY_CHOICES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
            {errors?.fieldErrors?.expiresInDays ? (
              <p id="token-expires-error" className="field-error" role="alert">
                {errors.fieldErrors.expiresInDays}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
            Create token
          </button>
        </Form>
      </section>
      <section aria-labelledby="active-tokens">
        <h2 id="active-tokens">Your tokens</h2>
        {tokens.length === 0 ? (
          <EmptyState title="No tokens">
            <p>Create one above when a script needs to reach Precedent.</p>
          </EmptyState>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{formatDate(t.createdAt)}</td>
                  <td>{t.lastUsedAt ? formatDate(t.lastUsedAt) : "Never"}</td>
                  <td>{t.expired && t.expiresAt ? <strong>Expired {formatDate(t.expiresAt)}</strong> : t.expiresAt ? formatDate(t.expiresAt) : "Never"}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="tokenId" value={t.id} />
                      <button type="submit" className="button danger" aria-label={`Revoke ${t.name}`}>
                        Revoke
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-labelledby="sessions">
        <h2 id="sessions">Sessions</h2>
        <p>
          Lost a laptop? End every session of yours, on every device, including this one, and revoke every API token. To
          end one session, or all but this one, see <Link to="/settings/account">Account</Link>.
        </p>
        <SignOutForm everywhere label="Sign out everywhere" className="button danger" />
      </section>
    </>
  );
}
