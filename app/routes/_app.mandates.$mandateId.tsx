import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BreakGlassStep } from "~/components/access/break-glass-step";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/form-field";
import { useMandateAction } from "~/components/mandates/action-result";
import { ActivityFeed } from "~/components/mandates/activity-feed";
import { MandateStatusBadge } from "~/components/mandates/badges";
import { DeliverablesSection, type Suggestions } from "~/components/mandates/deliverables-section";
import { EstimatePanel } from "~/components/mandates/estimate-panel";
import { MandateDetails } from "~/components/mandates/mandate-details";
import { calendarOptions } from "~/utils/calendars.server";
import { MandateKpiPanel } from "~/components/mandates/mandate-kpi-panel";
import { PRICING_MODEL_LABELS, type PricingModelKey } from "~/components/mandates/labels";
import { MandateStatusActions } from "~/components/mandates/mandate-status-actions";
import { ResourcesSection } from "~/components/mandates/resources-section";
import { ScopeSection } from "~/components/mandates/scope-section";
import { LegalHoldPanel } from "~/components/retention/legal-hold-panel";
import { MandateLogSection } from "~/components/status-reports/mandate-log-section";
import { RequestsSection } from "~/components/requests/requests-section";
import { actionError, unknownIntent } from "~/utils/action-error.server";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import { assumptionsInput, changeRequestInput } from "~/utils/change-control-forms.server";
import { deliverableEditInput, deliverableInput, fromToolkitInput, lateTimeOf, mandateUpdateInput, textOf } from "~/utils/mandate-forms.server";
import { deliveryAnswerInput, requestDecisionInput, requestFormsInput } from "~/utils/request-forms.server";
import chartsStylesHref from "~/styles/charts.css?url";
import libraryStylesHref from "~/styles/library.css?url";
import mandatesStylesHref from "~/styles/mandates.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: libraryStylesHref },
  { rel: "stylesheet", href: mandatesStylesHref },
  { rel: "stylesheet", href: chartsStylesHref },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data && "breakGlass" in data ? "Break glass" : (data?.mandate.title ?? "Mandate")} · Precedent` },
];

const isAppError = (e: unknown): e is { code: string; message: string; expose: boolean } =>
  !!e && typeof e === "object" && "code" in e && "expose" in e;

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  const { mandates, documents } = context.services;
  const present = context.present;
  const search = new URL(request.url).searchParams;
  try {
    const loaded = await mandates.get(viewer, params.mandateId);
    const { id: mandateId, clientOrganizationId } = loaded.mandate;
    await context.services.accessRecord.recordRead(viewer, { mandateId, clientOrganizationId, channel: "page" });
    const mandate = present.mandate(loaded, viewer);
    const editable = mandate.abilities.update;
    const find = search.get("find")?.slice(0, 200) ?? "";
    const toolkitId = search.get("toolkit") ?? "";
    const toolkits = mandate.resources.filter((r) => r.document.kind === "TOOLKIT" && !r.deliverableId).map((r) => r.document);
    const retention = context.services.retention;
    const seesHolds = mandate.abilities.seeInternals;
    const logAbilities = context.services.mandateLog.abilities(viewer, loaded.mandate);
    const [kpis, activity, staff, candidates, suggestions, mandateHolds, clientHolds, outcomeCounts, log, estimate, scope] = await Promise.all([
      context.services.kpis.mandateKpis(viewer, mandate.id),
      mandate.abilities.seeInternals ? mandates.activity(viewer, mandate.id, { limit: 50 }) : [],
      editable ? mandates.listStaff(viewer, mandate.id) : [],
      editable && search.has("find") ? documents.list(viewer, { q: find || undefined, pageSize: 20 }) : null,
      editable && toolkitId ? suggestionsOf(() => mandates.suggestedDeliverables(viewer, mandate.id, toolkitId), toolkitId, toolkits) : null,
      seesHolds ? retention.listHolds(viewer, { mandateId, state: "all" }) : [],
      seesHolds ? retention.listHolds(viewer, { clientOrganizationId }) : [],
      context.services.outcomes.countsForMandate(viewer, mandate.id),
      logAbilities.read ? context.services.mandateLog.list(viewer, mandate.id) : null,
      // Effort, cost and the estimate are the provider's (ADR 039).
      mandate.abilities.seeInternals ? context.services.effort.estimate(viewer, mandate.id) : null,
      context.services.changeControl.scopeOf(viewer, mandate.id),
    ]);
    const [forms, requests] = await Promise.all([context.services.requests.requestForms(viewer, mandate.id), context.services.requests.listRequests(viewer, mandate.id)]);
    return {
      mandate,
      kpis,
      activity: activity.map(present.mandateActivity),
      staff,
      candidates: candidates ? candidates.items.map((d) => ({ id: d.id, title: d.title, kind: d.kind })) : null,
      find,
      toolkits: toolkits.map((t) => ({ id: t.id, title: t.title })),
      suggestions,
      holds: seesHolds ? [...mandateHolds, ...clientHolds].map(present.legalHold) : null,
      manageHolds: retention.holdAbilities(viewer, loaded.mandate.providerOrganizationId).manage,
      outcomeCounts,
      log: log ? { entries: log, canWrite: logAbilities.write, today: new Date().toISOString().slice(0, 10) } : null,
      estimate: estimate ? present.mandateEstimate(estimate) : null,
      scope,
      calendars: editable ? calendarOptions() : [],
      forms,
      requests: requests.requests.map((r) => present.request(r, requests.mandate)),
    };
  } catch (error) {
    // An admin on none of the client's teams: the break-glass step instead of a 404 (ADR 013).
    const breakGlass = isAppError(error) && error.code === "mandate_not_found" ? await context.services.access.breakGlass.target(viewer, { mandateId: params.mandateId }) : null;
    if (breakGlass) return { breakGlass };
    errorResponse(error);
  }
}

/** A toolkit's suggested deliverables, or why there are none (no templates, not linkable) in words. */
async function suggestionsOf(
  load: () => Promise<{ documentId: string; title: string; templateTitle: string }[]>,
  toolkitId: string,
  toolkits: { id: string; title: string }[],
): Promise<Suggestions> {
  const toolkitTitle = toolkits.find((t) => t.id === toolkitId)?.title ?? "this toolkit";
  try {
    return { toolkitId, toolkitTitle, items: await load() };
  } catch (error) {
    if (!isAppError(error) || !error.expose) throw error;
    return { toolkitId, toolkitTitle, items: [], error: error.message };
  }
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const mandates = context.services.mandates;
  const id = params.mandateId;
  const form = await request.formData();
  const text = textOf(form);
  const intent = String(form.get("intent") ?? "");
  const done = (message: string) => ({ ok: true as const, intent, message });
  try {
    switch (intent) {
      case "break-glass":
        await context.services.access.breakGlass.open(viewer, { mandateId: id, reason: text("reason") });
        return redirect(`/mandates/${id}`);
      case "details":
        await mandates.update(viewer, id, mandateUpdateInput(form));
        return done("Details saved.");
      case "status":
        await mandates.update(viewer, id, { status: text("status") });
        return done("Status changed.");
      case "add-deliverable":
        await mandates.addDeliverables(viewer, id, deliverableInput(form));
        return done("Deliverable added.");
      case "add-from-toolkit": {
        const added = await mandates.addDeliverables(viewer, id, fromToolkitInput(form));
        return done(`${added.length} ${added.length === 1 ? "deliverable" : "deliverables"} added from the toolkit.`);
      }
      case "deliverable-status":
        await mandates.updateDeliverable(viewer, text("deliverableId"), { status: text("status") });
        return done("Deliverable moved.");
      case "deliverable-wait": {
        // The clock stops for the client (ADR 041): the PM says why, the client reads it; since when, if not now.
        const since = form.get("since") ? lateTimeOf(form, "since", (await mandates.get(viewer, id)).mandate.timeZone) : undefined;
        await mandates.updateDeliverable(viewer, text("deliverableId"), { status: "WAITING_ON_CLIENT", reason: text("reason"), since });
        return done("Waiting on the client: the SLA clock has stopped.");
      }
      case "deliverable-answered": {
        const answeredAt = form.get("answeredAt") ? lateTimeOf(form, "answeredAt", (await mandates.get(viewer, id)).mandate.timeZone) : undefined;
        await mandates.updateDeliverable(viewer, text("deliverableId"), { status: "IN_PROGRESS", answeredAt });
        return done("The client's answer is recorded: the SLA clock runs again.");
      }
      case "deliverable-edit":
        await mandates.updateDeliverable(viewer, text("deliverableId"), deliverableEditInput(form));
        return done("Deliverable saved.");
      case "deliverable-delete":
        await mandates.deleteDeliverable(viewer, text("deliverableId"));
        return done("Deliverable deleted.");
      case "attachment-remove":
        await context.services.requests.removeAttachment(viewer, text("attachmentId"));
        return done("File removed from the request.");
      case "request-decide":
        await context.services.requests.decideRequest(viewer, text("deliverableId"), requestDecisionInput(form));
        return done(text("decision") === "accept" ? "Request accepted: the client has been told its due date." : "Request declined: the client has been told why.");
      case "delivery-answer": {
        await context.services.requests.answerDelivery(viewer, text("deliverableId"), deliveryAnswerInput(form));
        const accepted = text("decision") === "accept";
        return done(form.get("onBehalf") ? "The client's answer is recorded." : accepted ? "Accepted: the team has been told." : "Rejected: the team has been told what to change.");
      }
      case "request-forms":
        await context.services.requests.setRequestForms(viewer, id, requestFormsInput(form));
        return done("Request forms saved.");
      case "hold-place":
        await context.services.retention.placeHold(viewer, { mandateId: id, reason: text("holdReason") });
        return done("Legal hold placed: nothing of this mandate can be deleted or purged while it lasts.");
      case "hold-lift":
        await context.services.retention.liftHold(viewer, text("holdId"), { reason: text("liftReason") });
        return done("Legal hold lifted.");
      case "log-add":
        await context.services.mandateLog.add(viewer, id, {
          kind: text("kind"),
          title: text("title"),
          detail: text("detail"),
          ownerId: text("ownerId"),
          raisedOn: text("raisedOn"),
          dueOn: text("dueOn"),
        });
        return done("Added to the log.");
      case "log-status":
        await context.services.mandateLog.update(viewer, text("entryId"), { status: text("status") });
        return done(text("status") === "CLOSED" ? "Closed." : "Reopened.");
      case "assumptions":
        await context.services.changeControl.setAssumptions(viewer, id, assumptionsInput(form));
        return done("Assumptions saved.");
      case "cr-from-breach":
        await context.services.changeControl.draftChangeRequest(viewer, id, { fromBreachId: text("breachId") });
        return done("Change request drafted from the breach: check it, then send it to the client.");
      case "cr-draft":
        await context.services.changeControl.draftChangeRequest(viewer, id, changeRequestInput(form));
        return done("Change request drafted.");
      case "cr-edit":
        await context.services.changeControl.updateChangeRequest(viewer, text("changeRequestId"), changeRequestInput(form));
        return done("Change request saved.");
      case "cr-send":
        await context.services.changeControl.sendChangeRequest(viewer, text("changeRequestId"));
        return done("Change request sent to the client.");
      case "cr-withdraw":
        await context.services.changeControl.withdrawChangeRequest(viewer, text("changeRequestId"));
        return done("Change request withdrawn.");
      case "cr-approve":
        await context.services.changeControl.decideChangeRequest(viewer, text("changeRequestId"), { decision: "APPROVED" });
        return done("Change request approved: the budget and dates are updated.");
      case "cr-decline":
        await context.services.changeControl.decideChangeRequest(viewer, text("changeRequestId"), { decision: "DECLINED", reason: text("reason") ?? "" });
        return done("Change request declined.");
      case "delete-mandate":
        await mandates.delete(viewer, id);
        return redirect("/mandates");
      case "attach": {
        const links = await mandates.attachResource(viewer, id, { documentId: text("documentId"), deliverableId: text("deliverableId") });
        return done(links.length > 1 ? `Attached with ${links.length - 1} documents from the toolkit.` : "Attached.");
      }
      case "move-forward":
        await mandates.moveLinkForward(viewer, id, text("linkId"));
        return done("Moved to the newest published version.");
      case "detach":
        await mandates.detachResource(viewer, id, text("linkId"));
        return done("Detached.");
      default:
        return unknownIntent();
    }
  } catch (error) {
    return actionError(error);
  }
}

export default function MandatePage() {
  const data = useLoaderData<typeof loader>();
  if ("breakGlass" in data && data.breakGlass) return <BreakGlassStep target={data.breakGlass} />;
  return <MandateContent data={data} />;
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function MandateContent({ data }: { data: Exclude<Loaded, { breakGlass: unknown }> }) {
  const { mandate, kpis, activity, staff, candidates, find, toolkits, suggestions, holds, manageHolds, outcomeCounts, log, estimate, scope, calendars, forms, requests } = data;
  const { message, errorsFor, submitting } = useMandateAction();
  const deliverableTitles = new Map(mandate.deliverables.map((d) => [d.id, d.title]));
  const people = new Map([...mandate.team, ...staff].map((p) => [p.id, p.name]));
  return (
    <div className="mandate-page">
      <p className="breadcrumb">
        <Link to="/mandates">Mandates</Link> · {mandate.reference}
      </p>
      <h1>{mandate.title}</h1>
      <div className="document-meta-line">
        <MandateStatusBadge status={mandate.status} />
        <span className="hint">
          {mandate.client.name} · {PRICING_MODEL_LABELS[mandate.pricingModel as PricingModelKey]}
        </span>
        <Link className="button small" to={`/mandates/${mandate.id}/reports`}>
          Status reports
        </Link>
        <MandateStatusActions
          title={mandate.title}
          transitions={mandate.abilities.allowedTransitions}
          deletable={mandate.abilities.delete && mandate.status === "PROPOSED"}
          busy={submitting === "status" || submitting === "delete-mandate"}
        />
      </div>
      <div className="sr-status" role="status" aria-live="polite">
        {message ? <p className="notice">{message}</p> : null}
      </div>
      <FormError error={errorsFor("status")?.formError} />

      <div className="mandate-layout">
        <div>
          <MandateKpiPanel mandateId={mandate.id} kpis={kpis} />
          {estimate ? <EstimatePanel estimate={estimate} /> : null}
          {mandate.abilities.requestWork || requests.length || mandate.abilities.manageRequests ? (
            <RequestsSection
              mandateId={mandate.id}
              forms={forms}
              requests={requests}
              canRequest={mandate.abilities.requestWork}
              canManage={mandate.abilities.manageRequests}
              forClient={!mandate.abilities.seeInternals}
              active={mandate.status === "ACTIVE"}
            />
          ) : null}
          <DeliverablesSection mandate={mandate} staff={staff} toolkits={toolkits} suggestions={suggestions} outcomeCounts={outcomeCounts} estimate={estimate} />
          <ResourcesSection mandate={mandate} candidates={candidates} find={find} />
          {log ? (
            <MandateLogSection
              entries={log.entries}
              canWrite={log.canWrite}
              staff={staff}
              today={log.today}
              errors={errorsFor("log-add") ?? errorsFor("log-status")}
              busy={submitting === "log-add" || submitting === "log-status"}
            />
          ) : null}
          <ScopeSection scope={scope} currency={mandate.currency} />
          {holds ? (
            <LegalHoldPanel holds={holds} canManage={manageHolds} errors={errorsFor("hold-place") ?? errorsFor("hold-lift")} busy={submitting === "hold-place" || submitting === "hold-lift"} />
          ) : null}
          {mandate.abilities.seeInternals ? <ActivityFeed events={activity} deliverableTitles={deliverableTitles} people={people} /> : null}
        </div>
        <MandateDetails mandate={mandate} staff={staff} calendars={calendars} />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
