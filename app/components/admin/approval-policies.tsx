import { Form, useNavigation } from "@remix-run/react";
import type { presentApprovalPolicy } from "../../../server/documents/approval-policy.ts";
import { EmptyState } from "~/components/empty-state";
import { SelectField, fieldError } from "~/components/documents/fields";
import { KIND_LABELS } from "~/components/documents/labels";
import { FormError, FormField } from "~/components/form-field";

type Policy = ReturnType<typeof presentApprovalPolicy>;
type Errors = { formError?: string; fieldErrors?: Record<string, string> } | undefined;

const KIND_OPTIONS = [{ value: "", label: "Every kind (the default)" }, ...Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))];

function describeRequirement(p: Pick<Policy, "requiredApprovals" | "ownerRoleRequired">) {
  const count = p.requiredApprovals ? `${p.requiredApprovals} approval${p.requiredApprovals === 1 ? "" : "s"}` : "Every named reviewer approves";
  return p.ownerRoleRequired ? `${count}, including someone holding the document's owner role` : count;
}

/**
 * Approval policies (ADR 018): how many approvals publishing needs per document kind and
 * practice area, and whether the owner role must approve. The most specific policy wins;
 * without one, every named reviewer approves.
 */
export function ApprovalPolicies({ organizationId, policies, errors, message }: { organizationId: string; policies: Policy[]; errors: Errors; message?: string }) {
  const busy = useNavigation().state !== "idle";
  return (
    <section className="card" aria-labelledby="approval-policies-title">
      <h2 id="approval-policies-title">Approval policies</h2>
      <p className="hint">
        How many approvals a reviewed document needs before it is published. The most specific policy applies: a kind and practice area, then
        a kind, then the default. Without any, every named reviewer must approve. The owner role is matched against members&apos; job titles
        (Members below): a title with a comma must equal the whole role; one without matches the part before the role&apos;s comma
        (&ldquo;Knowledge lawyer&rdquo; holds &ldquo;Knowledge lawyer, commercial&rdquo;).
      </p>
      <div role="status" aria-live="polite">{message ? <p className="notice">{message}</p> : null}</div>
      {policies.length === 0 ? (
        <EmptyState title="No approval policies">
          <p>Every named reviewer approves before publication. Add a policy below to require a number of approvals or the owner role.</p>
        </EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Practice area</th>
              <th scope="col">Requires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {policies.map((p) => (
              <tr key={p.id}>
                <td>{p.kind ? KIND_LABELS[p.kind] : "Every kind"}</td>
                <td>{p.practiceArea ?? "Any"}</td>
                <td>{describeRequirement(p)}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove-approval-policy" />
                    <input type="hidden" name="policyId" value={p.id} />
                    <button type="submit" className="button small danger" disabled={busy} aria-label={`Remove the policy for ${p.kind ? KIND_LABELS[p.kind] : "every kind"}${p.practiceArea ? `, ${p.practiceArea}` : ""}`}>
                      Remove
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Form method="post" aria-label="Set an approval policy">
        <input type="hidden" name="intent" value="set-approval-policy" />
        <input type="hidden" name="organizationId" value={organizationId} />
        <FormError error={errors?.formError} />
        <SelectField label="Kind" name="kind" options={KIND_OPTIONS} defaultValue="" error={fieldError(errors, "kind")} />
        <FormField label="Practice area" name="practiceArea" hint="Optional, with a kind: e.g. Data protection." error={fieldError(errors, "practiceArea")} />
        <FormField
          label="Approvals needed"
          name="requiredApprovals"
          type="number"
          min={1}
          max={10}
          hint="Leave empty for every named reviewer."
          error={fieldError(errors, "requiredApprovals")}
        />
        <div className="field">
          <label className="choice">
            <input type="checkbox" name="ownerRoleRequired" value="true" /> Someone holding the document&apos;s owner role must approve
          </label>
        </div>
        <button type="submit" className="button primary" disabled={busy}>
          Save policy
        </button>
      </Form>
    </section>
  );
}
