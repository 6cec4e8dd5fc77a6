import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { ApprovalPolicies } from "~/components/admin/approval-policies";
import { CopyField } from "~/components/copy-field";
import { EmptyState } from "~/components/empty-state";
import { TextareaField } from "~/components/documents/fields";
import { FormError, FormField } from "~/components/form-field";
import { useToastFor } from "~/components/toast/toaster";
import { actionError, unknownIntent } from "~/utils/action-error.server";
import { requireViewer } from "~/utils/auth.server";
import { formatCalendarDate, formatDate } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Admin · Precedent" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  const organizations = await context.services.auth.listManagedOrganizations(viewer);
  if (organizations.length === 0) {
    throw new Response(JSON.stringify({ error: { code: "forbidden", message: "Only administrators can open Admin." } }), {
      status: 403,
      headers: { "Content-Type": "application/json" },
    });
  }
  const selectedId = new URL(request.url).searchParams.get("org") ?? organizations[0]!.id;
  const { organization, members, invitations } = await context.services.auth.listMembers(viewer, selectedId);
  const activity = await context.services.audit.list(organization.id, { limit: 20 });
  const { walls: wallService } = context.services.access;
  const [walls, wallChoices] = wallService.canManage(viewer) ? await Promise.all([wallService.list(viewer), wallService.listChoices(viewer)]) : [null, null];
  // Approval policies belong to the provider: shown when an admin of it has it selected.
  const approvalPolicies =
    organization.kind === "PROVIDER" && viewer.memberships.some((m) => m.organizationId === organization.id && m.role === "ADMIN")
      ? (await context.services.approvalPolicies.list(viewer, organization.id)).policies.map(context.present.approvalPolicy)
      : null;
  const clientOrganizations = context.services.auth.canManageClientOrganizations(viewer)
    ? (await context.services.auth.listClientOrganizationDetails(viewer)).map(context.present.organizationDetail)
    : null;
  return {
    invitationsEmailed: context.services.notifications.mailTransport === "smtp",
    walls: walls?.map(context.present.wall) ?? null,
    approvalPolicies,
    wallChoices,
    organizations: organizations.map((o) => ({ id: o.id, name: o.name, slug: o.slug, kind: o.kind })),
    clientOrganizations,
    organization: { id: organization.id, name: organization.name, kind: organization.kind },
    members: members.map((m) => ({
      id: m.id,
      name: m.user.name,
      email: m.user.email,
      role: m.role,
      title: m.title,
      active: !!m.user.passwordHash,
    })),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString() })),
    activity: activity.map((a) => ({
      id: a.id,
      action: a.action,
      actor: a.actor?.name ?? "System",
      at: a.createdAt.toISOString(),
    })),
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  try {
    if (form.get("intent") === "invite") {
      const role = form.get("role");
      // From the provider, a client is invited into the client organisation picked by id.
      const organizationId = role === "CLIENT" && form.has("clientOrganizationId") ? form.get("clientOrganizationId") : form.get("organizationId");
      const { token, invitation, organization } = await context.services.auth.createInvitation(viewer, {
        email: form.get("email"),
        role,
        organizationId,
      });
      const link = new URL(`/invite/${token}`, request.url).toString();
      const emailed = context.services.notifications.mailTransport === "smtp";
      return { ok: true as const, invited: { email: invitation.email, organization: `${organization.name} (${organization.slug})`, link, emailed } };
    }
    if (form.get("intent") === "create-organization") {
      const organization = await context.services.auth.createClientOrganization(viewer, { name: form.get("name") });
      return { ok: true as const, organizationMessage: `Created ${organization.name} (${organization.slug}).` };
    }
    if (form.get("intent") === "rename-organization") {
      const organization = await context.services.auth.renameOrganization(viewer, form.get("organizationId"), { name: form.get("name") });
      return { ok: true as const, organizationMessage: `Renamed to ${organization.name} (${organization.slug}).` };
    }
    if (form.get("intent") === "change-role") {
      await context.services.auth.changeMemberRole(viewer, form.get("membershipId"), { role: form.get("role") });
      return { ok: true as const, message: "Role changed." };
    }
    if (form.get("intent") === "change-title") {
      await context.services.auth.changeMemberTitle(viewer, form.get("membershipId"), { title: form.get("title") });
      return { ok: true as const, message: "Job title saved." };
    }
    if (form.get("intent") === "set-approval-policy") {
      await context.services.approvalPolicies.set(viewer, {
        organizationId: form.get("organizationId"),
        kind: form.get("kind"),
        practiceArea: form.get("practiceArea"),
        requiredApprovals: form.get("requiredApprovals"),
        ownerRoleRequired: form.get("ownerRoleRequired") === "true",
      });
      return { ok: true as const, policyMessage: "Approval policy saved." };
    }
    if (form.get("intent") === "remove-approval-policy") {
      await context.services.approvalPolicies.remove(viewer, form.get("policyId"));
      return { ok: true as const, policyMessage: "Approval policy removed." };
    }
    if (form.get("intent") === "remove-member") {
      await context.services.auth.removeMember(viewer, form.get("membershipId"));
      return { ok: true as const, message: "Member removed." };
    }
    if (form.get("intent") === "create-wall") {
      await context.services.access.walls.create(viewer, {
        userId: form.get("userId"),
        clientOrganizationId: form.get("clientOrganizationId"),
        reason: form.get("reason"),
      });
      return { ok: true as const, wallMessage: "Wall created: they no longer see anything of this client." };
    }
    if (form.get("intent") === "lift-wall") {
      await context.services.access.walls.lift(viewer, form.get("wallId"), { reason: form.get("reason") });
      return { ok: true as const, wallMessage: "Wall lifted." };
    }
    if (form.get("intent") === "revoke-invitation") {
      await context.services.auth.revokeInvitation(viewer, String(form.get("invitationId") ?? ""));
      return { ok: true as const };
    }
    return unknownIntent();
  } catch (error) {
    const refused = actionError(error);
    // Said beside the form or table it is about.
    const intent = String(form.get("intent"));
    const about =
      intent === "invite"
        ? "invitation"
        : intent === "create-wall"
          ? "wall"
          : intent === "lift-wall"
            ? `lift-${String(form.get("wallId"))}`
            : intent.endsWith("-approval-policy")
              ? "approval-policies"
              : intent.endsWith("-organization")
              ? `organizations:${intent}:${String(form.get("organizationId") ?? "")}`
              : "members";
    return data({ ...refused.data, about }, refused.init ?? undefined);
  }
}

const ROLE_LABELS = {
  ADMIN: "Admin — manages members and everything editors can do",
  EDITOR: "Editor — writes and publishes playbooks",
  VIEWER: "Viewer — reads the library",
  CLIENT: "Client — sees only what is shared with their organisation",
} as const;

export default function Admin() {
  const { organizations, clientOrganizations, organization, members, invitations, activity, walls, wallChoices, approvalPolicies, invitationsEmailed } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [, setParams] = useSearchParams();
  const [role, setRole] = useState<keyof typeof ROLE_LABELS>(organization.kind === "CLIENT" ? "CLIENT" : "EDITOR");
  const invited = result && "invited" in result ? result.invited : undefined;
  const errors = result && "errors" in result ? result.errors : undefined;
  const about = result && "about" in result ? result.about : undefined;
  // A member's role, job title or removal is changed on their row, often far below this section's
  // heading: the confirmation comes as a toast, where it is seen wherever the row is.
  useToastFor(result, (r) => ("message" in r ? r.message : undefined));
  const organizationMessage = result && "organizationMessage" in result ? result.organizationMessage : undefined;
  const roles = (Object.keys(ROLE_LABELS) as (keyof typeof ROLE_LABELS)[]).filter((r) =>
    organization.kind === "CLIENT" ? r === "CLIENT" : true,
  );
  return (
    <>
      <h1>Admin</h1>
      <div className="toolbar">
        <label htmlFor="org-picker">Organisation</label>
        <select
          id="org-picker"
          value={organization.id}
          onChange={(e) => {
            setParams({ org: e.target.value });
          }}
        >
          {organizations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} ({o.kind === "PROVIDER" ? "provider" : "client"})
            </option>
          ))}
        </select>
        {organization.kind === "CLIENT" ? <Link to={`/clients/${organization.id}/access`}>Access report</Link> : null}
      </div>

      <section className="card" aria-labelledby="invite-title">
        <h2 id="invite-title">Invite someone</h2>
        <p className="hint">
          {invitationsEmailed
            ? "We email the invitation link to them. It is also shown here once, to pass on yourself."
            : "No mail server is set up (SMTP_URL), so invitations are not emailed: copy the link shown here once and pass it on yourself."}{" "}
          It works once, for 7 days.
        </p>
        {invited ? (
          <CopyField
            label={`Invitation for ${invited.email}`}
            value={invited.link}
            note={
              invited.emailed
                ? `emailed to them to join ${invited.organization}; shown here only now, in case it does not arrive.`
                : `to join ${invited.organization}. Not emailed (no mail server is set up): copy it and send it to them yourself; it is shown here only now.`
            }
          />
        ) : null}
        {about === "invitation" ? <FormError error={errors?.formError} /> : null}
        <Form method="post" key={invited?.link ?? "invite"}>
          <input type="hidden" name="intent" value="invite" />
          <input type="hidden" name="organizationId" value={organization.id} />
          <FormField label="Email" name="email" type="email" required autoComplete="off" error={errors?.fieldErrors?.email} />
          <div className="field">
            <label htmlFor="invite-role">Role</label>
            <select id="invite-role" name="role" value={role} onChange={(e) => setRole(e.target.value as keyof typeof ROLE_LABELS)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </div>
          {role === "CLIENT" && organization.kind === "PROVIDER" ? (
            <div className="field">
              <label htmlFor="invite-client-organization">Client organisation</label>
              <p id="invite-client-organization-hint" className="hint">
                The client&apos;s in-house team this person joins. Two organisations can share a name: check the
                slug, members and date. A new client is created under Client organisations below.
              </p>
              <select
                id="invite-client-organization"
                name="clientOrganizationId"
                required
                defaultValue=""
                aria-describedby="invite-client-organization-hint"
                aria-invalid={errors?.fieldErrors?.organizationId ? true : undefined}
              >
                <option value="" disabled>
                  {clientOrganizations?.length ? "Choose a client organisation" : "No client organisations yet"}
                </option>
                {(clientOrganizations ?? []).map(({ organization: o }) => (
                  <option key={o.id} value={o.id}>
                    {describeOrganization(o)}
                  </option>
                ))}
              </select>
              {errors?.fieldErrors?.organizationId ? (
                <p className="field-error" role="alert">
                  {errors.fieldErrors.organizationId}
                </p>
              ) : null}
            </div>
          ) : null}
          <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
            Create invitation link
          </button>
        </Form>
      </section>

      {clientOrganizations ? (
        <ClientOrganizations
          clientOrganizations={clientOrganizations}
          message={organizationMessage}
          about={typeof about === "string" ? about : undefined}
          errors={errors}
          busy={navigation.state !== "idle"}
        />
      ) : null}

      <section aria-labelledby="members-title">
        <h2 id="members-title">Members of {organization.name}</h2>
        {about === "members" ? <FormError error={errors?.formError ?? errors?.fieldErrors?.role ?? Object.values(errors?.fieldErrors ?? {})[0]} /> : null}
        {members.length === 0 ? (
          <EmptyState title="No members yet">
            <p>Invite the first person above; they appear here once they accept.</p>
          </EmptyState>
        ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Job title</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>
                  <Form method="post" className="inline-form compact" aria-label={`Change the role of ${m.name}`}>
                    <input type="hidden" name="intent" value="change-role" />
                    <input type="hidden" name="membershipId" value={m.id} />
                    <label className="visually-hidden" htmlFor={`role-${m.id}`}>
                      Role of {m.name}
                    </label>
                    <select id={`role-${m.id}`} name="role" defaultValue={m.role} key={m.role}>
                      {roles.map((r) => (
                        <option key={r} value={r}>
                          {r.charAt(0) + r.slice(1).toLowerCase()}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="button small" disabled={navigation.state !== "idle"}>
                      Change
                    </button>
                  </Form>
                </td>
                <td>
                  <Form method="post" className="inline-form compact" aria-label={`Job title of ${m.name}`}>
                    <input type="hidden" name="intent" value="change-title" />
                    <input type="hidden" name="membershipId" value={m.id} />
                    <label className="visually-hidden" htmlFor={`title-${m.id}`}>
                      Job title of {m.name}
                    </label>
                    <input id={`title-${m.id}`} name="title" defaultValue={m.title ?? ""} key={m.title ?? ""} maxLength={120} placeholder="e.g. Knowledge lawyer" />
                    <button type="submit" className="button small" disabled={navigation.state !== "idle"}>
                      Save
                    </button>
                  </Form>
                </td>
                <td>
                  <details>
                    <summary>Remove…</summary>
                    <Form method="post" aria-label={`Remove ${m.name}`}>
                      <input type="hidden" name="intent" value="remove-member" />
                      <input type="hidden" name="membershipId" value={m.id} />
                      <p className="hint">They lose this organisation&apos;s documents and mandates at once.</p>
                      <button type="submit" className="button small danger" disabled={navigation.state !== "idle"}>
                        Yes, remove {m.name}
                      </button>
                    </Form>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        )}
      </section>

      <section aria-labelledby="invitations-title">
        <h2 id="invitations-title">Open invitations</h2>
        {invitations.length === 0 ? (
          <EmptyState title="No open invitations">
            <p>Invitations you create appear here until they are used or expire.</p>
          </EmptyState>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>{i.role}</td>
                  <td>{formatDate(i.expiresAt)}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke-invitation" />
                      <input type="hidden" name="invitationId" value={i.id} />
                      <button type="submit" className="button danger" aria-label={`Revoke invitation for ${i.email}`}>
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

      {approvalPolicies ? (
        <ApprovalPolicies
          organizationId={organization.id}
          policies={approvalPolicies}
          errors={about === "approval-policies" ? errors : undefined}
          message={result && "policyMessage" in result ? result.policyMessage : undefined}
        />
      ) : null}
      {approvalPolicies ? (
        <section className="card" aria-labelledby="rate-cards-link">
          <h2 id="rate-cards-link">Rate cards</h2>
          <p>
            The hourly cost of each role, which prices time entries, margins and estimates: <Link to="/settings/rate-cards">Rate cards</Link>.
          </p>
        </section>
      ) : null}

      {walls && wallChoices ? (
        <EthicalWalls walls={walls} choices={wallChoices} errors={errors} about={typeof about === "string" ? about : undefined} message={result && "wallMessage" in result ? result.wallMessage : undefined} />
      ) : null}

      <section aria-labelledby="activity-title">
        <h2 id="activity-title">Recent activity</h2>
        {activity.length === 0 ? (
          <p className="hint">Nothing yet.</p>
        ) : (
          <ul className="activity">
            {activity.map((a) => (
              <li key={a.id}>
                <time dateTime={a.at}>{formatDate(a.at)}</time> {a.actor}: <code>{a.action}</code>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

type Walls = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["walls"]>;
type WallChoices = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["wallChoices"]>;
type Errors = { formError?: string; fieldErrors?: Record<string, string> } | undefined;

/** Ethical walls (ADR 013): who is walled off from which client, why, since when; create and lift, each with a reason. */
function EthicalWalls({ walls, choices, errors, about, message }: { walls: Walls; choices: WallChoices; errors: Errors; about?: string; message?: string }) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const wallErrors = about === "wall" ? errors : undefined;
  return (
    <section aria-labelledby="walls-title">
      <h2 id="walls-title">Ethical walls</h2>
      <p className="hint">
        A walled member sees nothing of that client — mandates, documents, search, KPIs — whatever their role or team, from their next
        request. Teams are kept as they are, so lifting the wall restores them.
      </p>
      <div role="status" aria-live="polite">{message ? <p className="notice">{message}</p> : null}</div>
      {walls.length === 0 ? (
        <EmptyState title="No ethical walls">
          <p>Wall a member off from a client below when they must not see its material.</p>
        </EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Client</th>
              <th scope="col">Reason</th>
              <th scope="col">Since</th>
              <th scope="col">Lifted</th>
            </tr>
          </thead>
          <tbody>
            {walls.map((w) => (
              <tr key={w.id}>
                <td>
                  {w.member.name}
                  <span className="document-summary">{w.member.email}</span>
                </td>
                <td>{w.client.name}</td>
                <td>{w.reason}</td>
                <td>
                  <time dateTime={w.createdAt}>{formatDate(w.createdAt)}</time>
                  {w.createdBy ? <span className="document-summary">by {w.createdBy.name}</span> : null}
                </td>
                <td>
                  {w.lifted ? (
                    <>
                      <time dateTime={w.lifted.at}>{formatDate(w.lifted.at)}</time>
                      <span className="document-summary">
                        {w.lifted.by ? `by ${w.lifted.by.name}: ` : ""}
                        {w.lifted.reason}
                      </span>
                    </>
                  ) : (
                    <details open={about === `lift-${w.id}` || undefined}>
                      <summary>Lift…</summary>
                      <Form method="post" aria-label={`Lift the wall between ${w.member.name} and ${w.client.name}`}>
                        <input type="hidden" name="intent" value="lift-wall" />
                        <input type="hidden" name="wallId" value={w.id} />
                        {about === `lift-${w.id}` ? <FormError error={errors?.formError} /> : null}
                        <TextareaField
                          label={`Why lift the wall between ${w.member.name} and ${w.client.name}?`}
                          name="reason"
                          required
                          rows={2}
                          maxLength={2000}
                          error={about === `lift-${w.id}` ? errors?.fieldErrors?.reason : undefined}
                        />
                        <button type="submit" className="button small" disabled={busy}>
                          Lift the wall
                        </button>
                      </Form>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <div className="card">
        <h3 id="new-wall-title">Wall a member off from a client</h3>
        <FormError error={wallErrors?.formError} />
        <Form method="post" aria-labelledby="new-wall-title" key={message ?? "new-wall"}>
          <input type="hidden" name="intent" value="create-wall" />
          <div className="field">
            <label htmlFor="wall-member">Member</label>
            <select id="wall-member" name="userId" required defaultValue="" aria-invalid={wallErrors?.fieldErrors?.userId ? true : undefined}>
              <option value="" disabled>
                Choose a member of staff
              </option>
              {choices.staff.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.email})
                </option>
              ))}
            </select>
            {wallErrors?.fieldErrors?.userId ? <p className="field-error" role="alert">{wallErrors.fieldErrors.userId}</p> : null}
          </div>
          <div className="field">
            <label htmlFor="wall-client">Client</label>
            <select
              id="wall-client"
              name="clientOrganizationId"
              required
              defaultValue=""
              aria-invalid={wallErrors?.fieldErrors?.clientOrganizationId ? true : undefined}
            >
              <option value="" disabled>
                Choose a client organisation
              </option>
              {choices.clients.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.slug})
                </option>
              ))}
            </select>
            {wallErrors?.fieldErrors?.clientOrganizationId ? (
              <p className="field-error" role="alert">{wallErrors.fieldErrors.clientOrganizationId}</p>
            ) : null}
          </div>
          <TextareaField
            label="Reason"
            name="reason"
            required
            rows={3}
            maxLength={2000}
            hint="Why this member must not see the client's material (for example, a conflict). Kept on the record."
            error={wallErrors?.fieldErrors?.reason}
          />
          <button type="submit" className="button primary" disabled={busy}>
            Create wall
          </button>
        </Form>
      </div>
    </section>
  );
}

type ClientOrganizationRow = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["clientOrganizations"]>[number];

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** Enough to tell two organisations of one name apart: "Apex Ltd · apex-ltd-k2x9qa · 2 members · created 1 Dec 2026". */
function describeOrganization(o: ClientOrganizationRow["organization"]) {
  return `${o.name} · ${o.slug} · ${plural(o.memberCount, "member")} · created ${formatCalendarDate(o.createdAt)}`;
}

/** The provider's admins: client organisations with their members and mandates; create one, rename one. */
function ClientOrganizations({
  clientOrganizations,
  message,
  about,
  errors,
  busy,
}: {
  clientOrganizations: ClientOrganizationRow[];
  message?: string;
  about?: string;
  errors?: { formError?: string; fieldErrors?: Record<string, string> };
  busy: boolean;
}) {
  const createError = about === "organizations:create-organization:" ? (errors?.fieldErrors?.name ?? errors?.formError) : undefined;
  return (
    <section className="card" aria-labelledby="client-organizations-title">
      <h2 id="client-organizations-title">Client organisations</h2>
      <div role="status" aria-live="polite">{message ? <p className="notice">{message}</p> : null}</div>
      <Form method="post" aria-labelledby="create-organization-title" key={message ?? "create"}>
        <h3 id="create-organization-title">Create a client organisation</h3>
        <input type="hidden" name="intent" value="create-organization" />
        <FormField
          label="Client organisation name"
          name="name"
          required
          maxLength={120}
          autoComplete="off"
          hint="Always a new organisation, even if another has the same name (its slug then gets a suffix)."
          error={createError}
        />
        <button type="submit" className="button" disabled={busy}>
          Create client organisation
        </button>
      </Form>
      {clientOrganizations.length === 0 ? (
        <EmptyState title="No client organisations yet">
          <p>Create one above, then invite its people with the Client role.</p>
        </EmptyState>
      ) : (
        <ul className="organization-list">
          {clientOrganizations.map(({ organization: o, members, mandates }) => {
            const label = `${o.name} (${o.slug})`;
            const renameError =
              about === `organizations:rename-organization:${o.id}` ? (errors?.fieldErrors?.name ?? errors?.formError) : undefined;
            return (
              <li key={o.id}>
                <details open={renameError ? true : undefined}>
                  <summary>
                    <strong>{o.name}</strong> · <code>{o.slug}</code> · {plural(o.memberCount, "member")} ·{" "}
                    {plural(o.mandateCount, "mandate")} · created {formatCalendarDate(o.createdAt)}
                  </summary>
                  <p className="hint">
                    Id <code>{o.id}</code> (for <code>npm run user:create -- --org-id</code>) ·{" "}
                    <a href={`?org=${encodeURIComponent(o.id)}`}>Manage members and invitations</a>
                  </p>
                  <h4>Members</h4>
                  {members.length === 0 ? (
                    <p className="hint">No members yet.</p>
                  ) : (
                    <ul aria-label={`Members of ${label}`}>
                      {members.map((m) => (
                        <li key={m.id}>
                          {m.name} &lt;{m.email}&gt;
                        </li>
                      ))}
                    </ul>
                  )}
                  <h4>Mandates</h4>
                  {mandates.length === 0 ? (
                    <p className="hint">No mandates yet.</p>
                  ) : (
                    <ul aria-label={`Mandates of ${label}`}>
                      {mandates.map((m) => (
                        <li key={m.id}>
                          <a href={`/mandates/${m.id}`}>{m.title}</a> · {m.reference} · {m.status.toLowerCase().replaceAll("_", " ")}
                        </li>
                      ))}
                    </ul>
                  )}
                  <Form method="post" aria-label={`Rename ${label}`} className="inline-form">
                    <input type="hidden" name="intent" value="rename-organization" />
                    <input type="hidden" name="organizationId" value={o.id} />
                    <FormField
                      label={`New name for ${label}`}
                      name="name"
                      required
                      maxLength={120}
                      defaultValue={o.name}
                      autoComplete="off"
                      error={renameError}
                    />
                    <button type="submit" className="button small" disabled={busy}>
                      Rename
                    </button>
                  </Form>
                </details>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
