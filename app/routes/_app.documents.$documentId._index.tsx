import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, isRouteErrorResponse, useLoaderData, useParams, useRouteError, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { ConfidentialityBadge, KindBadge, StatusBadge } from "~/components/documents/badges";
import { DocumentDownloads } from "~/components/documents/downloads";
import { PublishedContent } from "~/components/documents/published-content";
import { MaintenanceLine, WorkflowPanel } from "~/components/documents/workflow-panel";
import { formError } from "~/components/documents/fields";
import { KIND_LABELS, formatDate } from "~/components/documents/labels";
import { CollaborativeEditor, editorStylesHref } from "~/components/editor/collaborative-editor";
import { BreakGlassStep } from "~/components/access/break-glass-step";
import { clearLocalDocumentCopy, isAccessEndedStatus } from "~/components/editor/local-copies";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/form-field";
import { ScrollToAnchor } from "~/components/search/scroll-to-anchor";
import { UsedBy } from "~/components/mandates/used-by";
import { useDocumentAction } from "~/components/documents/action-result";
import { DocumentActions } from "~/components/documents/document-actions";
import { DocumentDetails } from "~/components/documents/document-details";
import { WhoMaySuggest, type MaySuggestField } from "~/components/documents/who-may-suggest";
import { DocumentTitle } from "~/components/documents/document-title";
import { ToolkitItems } from "~/components/documents/toolkit-items";
import { DocumentOutline } from "~/components/documents/document-outline";
import { Tabs } from "~/components/tabs";
import { OutcomesPanel } from "~/components/kpis/outcomes-panel";
import chartsStylesHref from "~/styles/charts.css?url";
import { CommentsProvider, useOptionalComments } from "~/components/comments/comments-context";
import { CommentsPanel } from "~/components/comments/comments-panel";
import commentsStylesHref from "~/styles/comments.css?url";
import { useMediaQuery } from "~/utils/use-media-query";
import { actionError, unknownIntent } from "~/utils/action-error.server";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import libraryStylesHref from "~/styles/library.css?url";
import mandatesStylesHref from "~/styles/mandates.css?url";
import workflowStylesHref from "~/styles/workflow.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: libraryStylesHref },
  { rel: "stylesheet", href: mandatesStylesHref },
  { rel: "stylesheet", href: editorStylesHref },
  { rel: "stylesheet", href: workflowStylesHref },
  { rel: "stylesheet", href: commentsStylesHref },
  { rel: "stylesheet", href: chartsStylesHref },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data && "breakGlass" in data ? "Break glass" : (data?.document.title ?? "Document")} · Precedent` },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  const documents = context.services.documents;
  const present = context.present;
  try {
    const doc = await documents.get(viewer, params.documentId);
    await context.services.accessRecord.recordRead(viewer, { documentId: doc.id, clientOrganizationId: doc.clientOrganizationId, channel: "page" });
    // Editors get the body over the sync socket; readers of the published version get its content here (ADR 012).
    const { content, ...document } = present.document(doc, viewer);
    const workflow = present.workflow(await documents.getWorkflow(viewer, doc.id));
    const isToolkit = doc.kind === "TOOLKIT";
    const find = new URL(request.url).searchParams.get("find")?.slice(0, 200) ?? "";
    const [items, candidates, shareTargets, usage, reviewerCandidates] = await Promise.all([
      isToolkit ? documents.listToolkitItems(viewer, doc.id) : [],
      isToolkit && document.abilities.update ? documents.listToolkitCandidates(viewer, doc.id, { q: find }) : [],
      document.abilities.update ? documents.listShareTargets(viewer, doc.clientOrganizationId) : [],
      context.services.mandates.documentUsage(viewer, doc.id),
      workflow.allowedMoves.includes("submit") ? documents.listReviewerCandidates(viewer, doc.id) : [],
    ]);
    // A playbook's negotiation outcomes and review triggers, for the provider's staff (ADR 037).
    const outcomes = doc.kind === "PLAYBOOK" ? await context.services.playbookOutcomes.forPlaybook(viewer, doc.id) : null;
    return {
      document,
      outcomes,
      items: items.map((i) => present.toolkitItem(i, viewer)),
      candidates: candidates.map((d) => ({ id: d.id, title: d.title, kind: d.kind })),
      find,
      shareTargets,
      usage: present.documentUsage(usage),
      workflow,
      reviewerCandidates,
      publishedContent: document.abilities.readDraft ? null : { json: content.json, sections: content.sections as { anchor: string; kind: "heading" | "clause" }[] },
      user: { id: viewer.id, name: viewer.name },
      // A viewer an admin lets suggest, or a client its editors let suggest, works on the draft in Suggesting mode only (ADR 032).
      suggestOnly: document.abilities.suggest && !document.abilities.update,
      // Versions hold past drafts: the provider's own team only (docs/decisions/006).
      canSeeVersions: document.abilities.seeShares,
    };
  } catch (error) {
    // An admin on none of the client's teams: the break-glass step instead of a 404 (ADR 013).
    const notFound = !!error && typeof error === "object" && "code" in error && error.code === "document_not_found";
    const breakGlass = notFound ? await context.services.access.breakGlass.target(viewer, { documentId: params.documentId }) : null;
    if (breakGlass) return { breakGlass };
    errorResponse(error);
  }
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const documents = context.services.documents;
  const id = params.documentId;
  const form = await request.formData();
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const intent = form.get("intent");
  try {
    switch (intent) {
      case "break-glass":
        await context.services.access.breakGlass.open(viewer, { documentId: id, reason: text("reason") });
        return redirect(`/documents/${id}`);
      case "rename":
        await documents.update(viewer, id, { title: text("title") });
        return { ok: true as const, intent, message: "Renamed." };
      case "details": {
        const visibility = text("visibility");
        await documents.update(viewer, id, {
          summary: text("summary"),
          practiceArea: text("practiceArea"),
          jurisdictions: text("jurisdictions"),
          tags: text("tags"),
          visibility,
          // Shares mean something only for a shared document; an internal one forgets them.
          ...(visibility === "SHARED" ? { sharedWithOrganizationIds: form.getAll("share").map(String) } : {}),
        });
        return { ok: true as const, intent, message: "Details saved." };
      }
      case "may-suggest": {
        const field: MaySuggestField = text("field") === "clientMaySuggest" ? "clientMaySuggest" : "viewersMaySuggest";
        const on = text(field) === "true";
        await documents.update(viewer, id, { [field]: on });
        const who = field === "clientMaySuggest" ? "The client" : "Viewers";
        return { ok: true as const, intent, message: on ? `${who} may now suggest changes.` : `${who} may no longer suggest changes.` };
      }
      case "archive":
        await documents.archive(viewer, id);
        return { ok: true as const, intent, message: "Archived: it has left the library and clients no longer see it." };
      case "unarchive": {
        const { state } = await documents.restoreFromArchive(viewer, id);
        return { ok: true as const, intent, message: state === "PUBLISHED" ? "Back in the library, published." : "Back in the library as a draft." };
      }
      case "submit-review":
        await documents.submitForReview(viewer, id, { reviewerIds: form.getAll("reviewerIds").map(String), message: text("message") });
        return { ok: true as const, intent, message: "Submitted for review: the reviewers see it under Reviews." };
      case "decide-review": {
        const decision = text("decision");
        await documents.decideReview(viewer, id, { decision, comment: text("comment") });
        return { ok: true as const, intent, message: decision === "approve" ? "Approved." : "Changes requested: the draft is back with its editors." };
      }
      case "withdraw-review":
        await documents.withdrawFromReview(viewer, id);
        return { ok: true as const, intent, message: "Withdrawn from review." };
      case "replace-snapshot":
        await documents.replaceReviewSnapshot(viewer, id);
        return { ok: true as const, intent, message: "The reviewers now have the current draft; their decisions were reset." };
      case "publish": {
        const { versionId, workflow } = await documents.publish(viewer, id, {
          effectiveDate: text("effectiveDate"),
          overrideReason: text("overrideReason"),
          backdateReason: text("backdateReason"),
          lawStatedAt: text("lawStatedAt"),
        });
        const scheduled = workflow.scheduled.find((v) => v.id === versionId);
        return {
          ok: true as const,
          intent,
          message: scheduled ? `Published, to take effect on ${scheduled.effectiveAt.toISOString().slice(0, 10)}.` : "Published: readers now see this version.",
        };
      }
      case "delete":
        await documents.delete(viewer, id);
        return redirect("/trash");
      case "save-version": {
        const version = await documents.createVersion(viewer, id, { name: text("name") });
        return { ok: true as const, intent, message: `Saved as version ${version.number} (“${version.name}”).` };
      }
      case "toolkit-add":
        await documents.addToolkitItem(viewer, id, { documentId: text("documentId") });
        return { ok: true as const, intent, message: "Added to the toolkit." };
      case "toolkit-remove":
        await documents.removeToolkitItem(viewer, id, { documentId: text("documentId") });
        return { ok: true as const, intent, message: "Removed from the toolkit." };
      case "toolkit-deliverable-type": {
        const type = text("type")?.trim() ?? "";
        await documents.setToolkitDeliverableType(viewer, id, { documentId: text("documentId"), type });
        return { ok: true as const, intent, message: type ? `It now suggests the deliverable “${type}”.` : "It no longer suggests a deliverable." };
      }
      case "toolkit-move":
        await documents.moveToolkitItem(viewer, id, { documentId: text("documentId"), direction: text("direction") });
        return { ok: true as const, intent, message: `Moved ${text("direction") === "up" ? "up" : "down"}.` };
      default:
        return unknownIntent();
    }
  } catch (error) {
    return actionError(error);
  }
}

/** The document page's data (not the break-glass step's). */
type LoaderData = Exclude<NonNullable<ReturnType<typeof useLoaderData<typeof loader>>>, { breakGlass: unknown }>;
export default function DocumentPage() {
  const data = useLoaderData<typeof loader>();
  if ("breakGlass" in data && data.breakGlass) return <BreakGlassStep target={data.breakGlass} />;
  return <DocumentContent data={data} />;
}

/** Below this width the panel is not beside the document but opened above it (app/styles/library.css). */
const NARROW_SCREEN = "(max-width: 1100px)";
const PANEL_TABS = ["outline", "comments", "publishing", "details", "used-by", "outcomes"] as const;
type PanelTab = (typeof PANEL_TABS)[number];

function DocumentContent({ data }: { data: LoaderData }) {
  const { document: doc, canSeeVersions, user, suggestOnly } = data;
  const { errors, message, submittingIntent } = useDocumentAction();
  const archived = doc.status === "ARCHIVED";
  const contentRef = useRef<HTMLElement>(null);
  const panel = useDocumentPanel();
  // `?panel=publishing` opens on that tab (the Reviews page and notifications link there).
  const [searchParams] = useSearchParams();
  const asked = searchParams.get("panel");
  const [tab, setTab] = useState<PanelTab>(PANEL_TABS.find((t) => t === asked && (t !== "outcomes" || data.outcomes)) ?? "outline");
  const usedByCount = data.usage.usedBy.length;
  return (
    // Comments are shared by the editor (highlights, the selection) and the panel's Comments tab.
    <CommentsProvider
      documentId={doc.id}
      live={!data.publishedContent}
      initialThreadId={searchParams.get("thread")}
      onOpenPanel={() => {
        setTab("comments");
        panel.show();
      }}
    >
      {/* The document is the page: title, status line, then its text; everything else is in the panel beside it. */}
    <div className="document-page" data-panel={panel.state}>
      <header className="document-header">
        <p className="breadcrumb">
          {/* A client's material lives under its mandate, not in the library (ADR 013). */}
          {doc.mandateId ? <Link to={`/mandates/${doc.mandateId}`}>Mandate</Link> : <Link to="/library">Library</Link>} · {KIND_LABELS[doc.kind]}
        </p>
        <div className="document-title-row">
          <DocumentTitle document={doc} />
          <div className="document-header-actions">
            <DocumentDownloads documentId={doc.id} />
            <button type="button" className="button small" aria-controls="document-panel" aria-expanded={panel.open} onClick={panel.toggle}>
              {panel.open ? "Hide panel" : "Show panel"}
            </button>
          </div>
        </div>
        <div className="document-meta-line">
          <KindBadge kind={doc.kind} /> <StatusBadge status={doc.status} /> <ConfidentialityBadge confidentiality={doc.confidentiality} clientName={doc.client?.name} />{" "}
          <MaintenanceLine maintained={data.workflow.maintained} lawStatedAt={doc.lawStatedAt} />
          <span className="hint">
            {doc.owner ? `Owner: ${doc.owner.name} · ` : ""}Updated <time dateTime={doc.updatedAt}>{formatDate(doc.updatedAt)}</time>
          </span>
        </div>
      </header>
      <div className="sr-status" role="status" aria-live="polite">
        {message ? <p className="notice">{message}</p> : null}
      </div>
      {errors && !errors.fieldErrors ? <FormError error={errors.formError} /> : null}
      {doc.promotedFromClientMaterial ? (
        <p className="notice">Promoted from client material: sanitised, and approved by a knowledge lawyer.</p>
      ) : null}
      {doc.quarantinedUpdates ? (
        <p className="notice warning" role="note">
          {doc.quarantinedUpdates.count === 1 ? "1 update" : `${doc.quarantinedUpdates.count} updates`} could not be read and{" "}
          {doc.quarantinedUpdates.count === 1 ? "was" : "were"} set aside on{" "}
          <time dateTime={doc.quarantinedUpdates.lastAt}>{formatDate(doc.quarantinedUpdates.lastAt)}</time>. The document opens
          from the rest.
        </p>
      ) : null}
      {archived ? (
        <p className="notice warning">This document is archived: it is hidden from the library and from clients.</p>
      ) : null}

      <div className="document-layout">
        <div className="document-main">
          {doc.kind === "TOOLKIT" ? <ToolkitItems document={doc} items={data.items} candidates={data.candidates} find={data.find} /> : null}
          <section ref={contentRef} aria-labelledby="content-title" className="document-content">
            <h2 id="content-title" className={doc.kind === "TOOLKIT" ? undefined : "visually-hidden"}>
              {doc.kind === "TOOLKIT" ? "About this toolkit" : "Content"}
            </h2>
            {data.publishedContent ? (
              <PublishedContent json={data.publishedContent.json} sections={data.publishedContent.sections} />
            ) : (
              <CollaborativeEditor documentId={doc.id} user={user} readOnly={!doc.abilities.update && !suggestOnly} suggestOnly={suggestOnly} />
            )}
            <ScrollToAnchor />
          </section>
        </div>
        <aside id="document-panel" className="document-panel" aria-label="Outline, comments, publishing and details">
          <Tabs
            label="About this document"
            value={tab}
            onValueChange={(value) => setTab(value as PanelTab)}
            tabs={[
              { value: "outline", label: "Outline", content: <DocumentOutline contentRef={contentRef} /> },
              { value: "comments", label: <CommentsTabLabel />, content: <CommentsPanel /> },
              {
                value: "publishing",
                label: "Publishing",
                content: (
                  <WorkflowPanel
                    workflow={data.workflow}
                    reviewerCandidates={data.reviewerCandidates}
                    viewerId={user.id}
                    errors={errors}
                    busy={!!submittingIntent}
                  />
                ),
              },
              {
                value: "details",
                label: "Details",
                content: (
                  <>
                    <DocumentDetails document={doc} shareTargets={data.shareTargets} />
                    <WhoMaySuggest switches={suggestSwitches(doc, data.usage)} />
                    <DocumentActions document={doc} canSeeVersions={canSeeVersions} />
                  </>
                ),
              },
              { value: "used-by", label: usedByCount ? `Used by (${usedByCount})` : "Used by", content: <UsedBy usage={data.usage} /> },
              ...(data.outcomes ? [{ value: "outcomes", label: "Outcomes", content: <OutcomesPanel documentId={doc.id} data={data.outcomes} /> }] : []),
            ]}
          />
        </aside>
      </div>
    </div>
    </CommentsProvider>
  );
}

/**
 * The "who may suggest" switches this person may set (ADR 032): an admin the viewers'; whoever
 * edits a client's material linked to a deliverable of that client, the client's (shown while
 * it is on, to turn it off, whatever became of the link; the server checks the rule).
 */
function suggestSwitches(doc: LoaderData["document"], usage: LoaderData["usage"]) {
  const switches: { field: MaySuggestField; enabled: boolean }[] = [];
  if (doc.abilities.administer && doc.viewersMaySuggest !== undefined) switches.push({ field: "viewersMaySuggest", enabled: doc.viewersMaySuggest });
  const client = doc.client?.id;
  const deliverable = !!client && usage.usedBy.some((link) => link.deliverable && link.mandate.client.id === client);
  if (doc.abilities.update && doc.clientMaySuggest !== undefined && (deliverable || doc.clientMaySuggest)) {
    switches.push({ field: "clientMaySuggest", enabled: doc.clientMaySuggest });
  }
  return switches;
}

/** The Comments tab's label, with how many threads are open. */
function CommentsTabLabel() {
  const open = useOptionalComments()?.list?.threads.filter((t) => !t.resolved).length ?? 0;
  return <>{open ? `Comments (${open})` : "Comments"}</>;
}

/**
 * Whether the side panel shows. Until the reader chooses, the screen decides (beside the
 * document from 1,100 px, hidden below, by CSS alone, so the server's HTML is right at once).
 */
function useDocumentPanel() {
  const [chosen, setChosen] = useState<boolean | null>(null);
  const narrow = useMediaQuery(NARROW_SCREEN);
  const open = chosen ?? !narrow;
  return { open, state: chosen === null ? "auto" : open ? "open" : "closed", toggle: () => setChosen(!open), show: () => setChosen(true) };
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { documentId } = useParams();
  // 403/404: the server says this person may not read the document (any more), or it is gone:
  // its offline copy in this browser goes too (local-copies.ts).
  const accessEnded = isRouteErrorResponse(error) && isAccessEndedStatus(error.status);
  useEffect(() => {
    if (accessEnded && documentId) void clearLocalDocumentCopy(documentId);
  }, [accessEnded, documentId]);
  return <GeneralErrorBoundary />;
}
