import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { FormError, FormField } from "~/components/form-field";
import { actionError, unknownIntent } from "~/utils/action-error.server";
import { requireAuthenticated } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";
import libraryStylesHref from "~/styles/library.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: libraryStylesHref }];

export const meta: MetaFunction = () => [{ title: "Account · Precedent" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const auth = requireAuthenticated(context, request);
  const sessions = await context.services.auth.listSessions(auth);
  return { profile: context.present.viewer(auth.viewer), sessions: sessions.map(context.present.session) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const auth = requireAuthenticated(context, request);
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "change-password") {
      const { otherSessionsEnded } = await context.services.auth.changePassword(
        auth,
        {
          currentPassword: form.get("currentPassword"),
          newPassword: form.get("newPassword"),
          confirmPassword: form.get("confirmPassword"),
          // An unticked box is absent from the form.
          signOutOtherSessions: form.get("signOutOtherSessions") === "on",
        },
        { ip: context.state.clientIp },
      );
      return { ok: true as const, about: "password", message: passwordChangedMessage(otherSessionsEnded) };
    }
    if (intent === "end-session") {
      await context.services.auth.endSession(auth, form.get("sessionId"));
      return { ok: true as const, about: "sessions", message: "That session is signed out." };
    }
    if (intent === "end-other-sessions") {
      const ended = await context.services.auth.endOtherSessions(auth);
      return { ok: true as const, about: "sessions", message: `Signed out everywhere else (${sessionsWord(ended)}).` };
    }
    return unknownIntent();
  } catch (error) {
    const refused = actionError(error);
    // Said beside the form it is about.
    return data({ ...refused.data, about: intent === "change-password" ? "password" : "sessions" }, refused.init ?? undefined);
  }
}

const sessionsWord = (n: number) => (n === 1 ? "1 session" : `${n} sessions`);

function passwordChangedMessage(otherSessionsEnded: number) {
  return otherSessionsEnded > 0
    ? `Your password is changed, and your other sessions are signed out (${sessionsWord(otherSessionsEnded)}).`
    : "Your password is changed.";
}

const ROLE_NAMES: Record<string, string> = { ADMIN: "Admin", EDITOR: "Editor", VIEWER: "Viewer", CLIENT: "Client" };

export default function Account() {
  const { profile, sessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const about = result && "about" in result ? result.about : undefined;
  const errors = result && "errors" in result ? result.errors : undefined;
  const message = result && "message" in result ? result.message : undefined;
  const passwordErrors = about === "password" ? errors : undefined;
  const passwordChanged = about === "password" && message;
  const others = sessions.filter((s) => !s.current);
  const passwordForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (passwordChanged) passwordForm.current?.reset();
  }, [result, passwordChanged]);
  return (
    <>
      <h1>Account</h1>

      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <dl className="account-profile">
          <div>
            <dt>Name</dt>
            <dd>{profile.name}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{profile.email}</dd>
          </div>
          {profile.memberships.map((m) => (
            <div key={m.organizationId}>
              <dt>{m.organizationKind === "CLIENT" ? "Client organisation" : "Organisation"}</dt>
              <dd>
                {m.organizationName} · {ROLE_NAMES[m.role] ?? m.role}
              </dd>
            </div>
          ))}
        </dl>
        <p className="hint">Your administrator changes your name, email, organisation and role.</p>
      </section>

      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        {passwordChanged ? (
          <p className="notice" role="status">
            {message}
          </p>
        ) : null}
        <FormError error={passwordErrors?.formError} />
        <Form method="post" noValidate ref={passwordForm} className="account-password">
          <input type="hidden" name="intent" value="change-password" />
          {/* Tells password managers whose password this is. */}
          <input type="email" autoComplete="username" value={profile.email} readOnly hidden />
          <FormField
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            error={passwordErrors?.fieldErrors?.currentPassword}
          />
          <FormField
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            hint="At least 10 characters."
            error={passwordErrors?.fieldErrors?.newPassword}
          />
          <FormField
            label="Confirm new password"
            name="confirmPassword"
            type="password"
            autoComplete="new-password"
            required
            error={passwordErrors?.fieldErrors?.confirmPassword}
          />
          <div className="field">
            <label className="choice">
              <input type="checkbox" name="signOutOtherSessions" defaultChecked /> Sign out my other sessions
            </label>
          </div>
          <button type="submit" className="button primary" disabled={busy}>
            Change password
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Sessions</h2>
        <p className="hint">Where you are signed in. End a session you do not recognise, then change your password.</p>
        {about === "sessions" && message ? (
          <p className="notice" role="status">
            {message}
          </p>
        ) : null}
        {about === "sessions" ? <FormError error={errors?.formError} /> : null}
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Signed in</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.device} {s.current ? <span className="badge">This device</span> : null}
                </td>
                <td>{formatDate(s.signedInAt)}</td>
                <td>{formatDate(s.expiresAt)}</td>
                <td>
                  {s.current ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="end-session" />
                      <input type="hidden" name="sessionId" value={s.id} />
                      <button type="submit" className="button danger" aria-label={`End session: ${s.device}, signed in ${formatDate(s.signedInAt)}`}>
                        End session
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {others.length > 0 ? (
          <Form method="post" className="account-actions">
            <input type="hidden" name="intent" value="end-other-sessions" />
            <button type="submit" className="button danger" disabled={busy}>
              Sign out everywhere else
            </button>
          </Form>
        ) : (
          <p className="hint">You are signed in on this device only.</p>
        )}
      </section>

      <section className="card" aria-labelledby="tokens-title">
        <h2 id="tokens-title">API tokens</h2>
        <p>
          Scripts reach Precedent with personal API tokens. Changing your password leaves them working:{" "}
          <Link to="/settings/tokens">review and revoke your API tokens</Link>.
        </p>
      </section>
    </>
  );
}
