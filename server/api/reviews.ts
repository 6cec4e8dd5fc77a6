import { Router } from "express";
import type { Services } from "../context.ts";
import { presentAssignedReview, presentReviewDue, presentWorkflow } from "../documents/workflow-presenter.ts";
import { presentApprovalPolicy } from "../documents/approval-policy.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * The publishing workflow's API (docs/decisions/012-publishing-workflow.md): each move is a
 * POST that answers with the document's workflow as it now is. Refused moves are 409
 * invalid_transition (or approvals_missing, already_decided), forbidden ones 403, and a
 * document the caller may not read 404.
 */
export function reviewRoutes(services: Services) {
  const router = Router();
  const documents = services.documents;

  router.get(
    "/documents/:id/workflow",
    handle(async (req, res, state) => {
      const workflow = await documents.getWorkflow(requireAuth(state).viewer, req.params.id);
      res.json({ workflow: presentWorkflow(workflow) });
    }),
  );

  router.get(
    "/documents/:id/reviewers",
    handle(async (req, res, state) => {
      const reviewers = await documents.listReviewerCandidates(requireAuth(state).viewer, req.params.id);
      res.json({ reviewers });
    }),
  );

  const moves = {
    review: (viewer, id, body) => documents.submitForReview(viewer, id, body),
    "review/decision": (viewer, id, body) => documents.decideReview(viewer, id, body),
    withdraw: (viewer, id) => documents.withdrawFromReview(viewer, id),
    "review/snapshot": (viewer, id) => documents.replaceReviewSnapshot(viewer, id),
    publish: async (viewer, id, body) => (await documents.publish(viewer, id, body)).workflow,
    archive: (viewer, id) => documents.archive(viewer, id),
    restore: (viewer, id) => documents.restoreFromArchive(viewer, id),
  } satisfies Record<string, (viewer: Parameters<typeof documents.archive>[0], id: string, body: unknown) => ReturnType<typeof documents.getWorkflow>>;

  for (const [path, run] of Object.entries(moves)) {
    router.post(
      `/documents/:id/${path}`,
      handle(async (req, res, state) => {
        const workflow = await run(requireAuth(state).viewer, req.params.id as string, req.body ?? {});
        res.json({ workflow: presentWorkflow(workflow) });
      }),
    );
  }

  // Approval policies (ADR 018): the provider's admins set how many approvals publishing needs.
  router.get(
    "/approval-policies",
    handle(async (req, res, state) => {
      const organizationId = typeof req.query.organizationId === "string" ? req.query.organizationId : undefined;
      const { organizationId: orgId, policies } = await services.approvalPolicies.list(requireAuth(state).viewer, organizationId);
      res.json({ organizationId: orgId, policies: policies.map(presentApprovalPolicy) });
    }),
  );
  router.put(
    "/approval-policies",
    handle(async (req, res, state) => {
      const policy = await services.approvalPolicies.set(requireAuth(state).viewer, req.body ?? {});
      res.json({ policy: presentApprovalPolicy(policy) });
    }),
  );
  router.delete(
    "/approval-policies/:id",
    handle(async (req, res, state) => {
      await services.approvalPolicies.remove(requireAuth(state).viewer, req.params.id);
      res.status(204).end();
    }),
  );

  router.get(
    "/reviews/assigned",
    handle(async (_req, res, state) => {
      const reviews = await documents.listReviewsAssignedToMe(requireAuth(state).viewer);
      res.json({ reviews: reviews.map(presentAssignedReview) });
    }),
  );

  router.get(
    "/reviews/due",
    handle(async (req, res, state) => {
      const due = await documents.listReviewsDue(requireAuth(state).viewer, req.query);
      res.json({ documents: due.map(presentReviewDue) });
    }),
  );

  return router;
}
