import type { JSONContent } from "@tiptap/core";
import { withoutDraftingNotes } from "../../app/editor/callout.ts";
import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import { versionInForce } from "../documents/in-force.ts";
import type { DocumentService } from "../documents/service.ts";
import { forbidden, invalid } from "../errors.ts";
import type { MandateScope } from "../mandates/links.ts";
import { mandateResource } from "../mandates/policy.ts";
import type { MandateService } from "../mandates/service.ts";
import { requireOpen } from "../mandates/guards.ts";
import { linkNotAllowed, linkRefusal } from "../mandates/links.ts";
import { parseInput } from "../validation.ts";
import { prefillValues, type PrefilledValue } from "./prefill.ts";
import { GenerateFromTemplateSchema, TemplateFormQuerySchema } from "./schema.ts";
import { generatedTitle } from "./title.ts";
import { collectTemplateVariables, fillTemplateVariables, missingRequired, mistypedValues, writtenValues, type TemplateVariable } from "./variables.ts";

/**
 * Templates → deliverables: a template's variables as a form, prefilled from the deliverable's
 * mandate and client where the names match, and the filled template as a new document linked to
 * the deliverable. Reads and writes go through the documents and mandates services, so their
 * policies, audit events and search notifications apply as for any other document and link.
 * The content comes from the template's live published version (the one in force) or, for a
 * template not published, from its current draft, and the form says which.
 */
export type TemplateServiceDeps = { db: Db; documents: DocumentService; mandates: MandateService; now?: () => Date };

/** How many templates the picker lists (the library's largest page). */
const TEMPLATE_CHOICES_MAX = 100;

export type TemplateChoice = { id: string; title: string; suggested: boolean };
export type TemplateFormVariable = TemplateVariable & { value: string; source: string | null };

/**
 * A variable as the form shows it: what the mandate knows, else its default. A date's field holds
 * a day (YYYY-MM-DD), so it takes the day of a prefilled date, and nothing from a prefilled text.
 */
function formVariable(v: TemplateVariable, prefilled: PrefilledValue | undefined): TemplateFormVariable {
  const known = v.type === "date" ? prefilled?.day : prefilled?.value;
  // A choice takes what the mandate knows only if it is one of the choices.
  const value = v.type === "choice" && known !== undefined && !v.choices.includes(known) ? undefined : known;
  return { ...v, value: value ?? v.defaultValue, source: value && prefilled ? prefilled.source : null };
}

export function createTemplateService({ db, documents, mandates, now = () => new Date() }: TemplateServiceDeps) {
  /** The deliverable and its mandate, 404 unless the viewer may read it. */
  async function loadDeliverable(viewer: Viewer, deliverableId: unknown) {
    const deliverable = await mandates.getDeliverable(viewer, deliverableId);
    const { mandate, links } = await mandates.get(viewer, deliverable.mandateId);
    return { deliverable, mandate, links };
  }

  /**
   * The templates this mandate may use (the link rule: never another client's material or one
   * shared with other clients only), the deliverable's own first, then those linked to it or its
   * mandate, then the rest by title.
   */
  async function templateChoices(viewer: Viewer, mandate: MandateScope, sourceId: string | null, linkedIds: Set<string>): Promise<TemplateChoice[]> {
    const { items } = await documents.list(viewer, { kind: "TEMPLATE", sort: "title", order: "asc", pageSize: TEMPLATE_CHOICES_MAX });
    const rank = (id: string) => (id === sourceId ? 0 : linkedIds.has(id) ? 1 : 2);
    return items
      .filter((t) => linkRefusal(t, mandate) === null)
      .map((t) => ({ id: t.id, title: t.title, suggested: rank(t.id) < 2 }))
      .sort((a, b) => rank(a.id) - rank(b.id));
  }

  /**
   * The template's content in force: the version in force today, else the draft. 404 for one
   * the viewer may not read; 422 for one this mandate may not use (another client's material,
   * or shared with other clients only: its text would reach this client).
   */
  async function loadTemplate(viewer: Viewer, templateId: string, mandate: MandateScope) {
    const doc = await documents.get(viewer, templateId);
    if (doc.kind !== "TEMPLATE") throw invalid([{ path: "templateId", message: "Choose a template: this document is not one." }]);
    const refusal = linkRefusal(doc, mandate);
    if (refusal) throw linkNotAllowed([{ id: doc.id, title: doc.title, reason: refusal }]);
    // The version in force today by effective date (ADR 017): a publication scheduled for a later
    // day, or one withdrawn, is never filled.
    const inForce = await versionInForce(db, doc.id, now());
    const version = inForce
      ? await db.documentVersion.findUnique({ where: { id: inForce.id }, select: { id: true, number: true, createdAt: true, contentJson: true } })
      : null;
    const json = (version?.contentJson ?? doc.contentJson ?? { type: "doc", content: [] }) as JSONContent;
    return {
      id: doc.id,
      title: doc.title,
      practiceArea: doc.practiceArea,
      jurisdictions: doc.jurisdictions,
      json,
      version: version ? { number: version.number, publishedAt: version.createdAt } : null,
      versionId: version?.id ?? null,
    };
  }

  function prefillFor(viewer: Viewer, loaded: Awaited<ReturnType<typeof loadDeliverable>>): Record<string, PrefilledValue> {
    const { deliverable, mandate } = loaded;
    return prefillValues({
      mandate,
      clientName: mandate.client.name,
      providerName: viewer.memberships.find((m) => m.organizationId === mandate.providerOrganizationId)?.organizationName ?? "",
      projectManagerName: mandate.projectManager?.name ?? null,
      deliverable,
      authorName: viewer.name,
      today: now(),
    });
  }

  function titleFor(template: { title: string }, { deliverable, mandate }: Awaited<ReturnType<typeof loadDeliverable>>): string {
    return generatedTitle(template, { deliverableTitle: deliverable.title, clientName: mandate.client.name, mandateReference: mandate.reference });
  }

  /** Generating writes a document and a link: only staff who may change the mandate, while it is open. */
  function requireWritable(viewer: Viewer, mandate: Awaited<ReturnType<typeof loadDeliverable>>["mandate"]) {
    if (!can(viewer, "update", mandateResource(mandate))) throw forbidden("Only the mandate's editors can generate documents for its deliverables.");
    requireOpen(mandate);
  }

  return {
    /**
     * The form for one deliverable: the templates to choose from and, for the chosen one (or the
     * first suggested), its variables with the values the mandate knows (else their defaults), and
     * the title the new document will have unless the user changes it.
     */
    async form(viewer: Viewer, deliverableId: unknown, raw: unknown) {
      const query = parseInput(TemplateFormQuerySchema, raw);
      const loaded = await loadDeliverable(viewer, deliverableId);
      requireWritable(viewer, loaded.mandate);
      const linked = new Set(
        loaded.links.filter((l) => l.document.kind === "TEMPLATE" && (!l.deliverableId || l.deliverableId === loaded.deliverable.id)).map((l) => l.documentId),
      );
      const templates = await templateChoices(viewer, loaded.mandate, loaded.deliverable.sourceDocumentId, linked);
      const chosenId = query.templateId ?? templates[0]?.id;
      const template = chosenId ? await loadTemplate(viewer, chosenId, loaded.mandate) : null;
      const prefilled = prefillFor(viewer, loaded);
      const variables: TemplateFormVariable[] = template
        ? collectTemplateVariables(template.json).map((v) => formVariable(v, prefilled[v.name]))
        : [];
      return {
        deliverable: loaded.deliverable,
        mandate: loaded.mandate,
        templates,
        template: template ? { id: template.id, title: template.title, version: template.version } : null,
        title: template ? titleFor(template, loaded) : null,
        variables,
      };
    },

    /**
     * Fills the template and files the result as a new draft document (a precedent of the
     * provider) linked to the deliverable. Missing required variables are a 400 naming each
     * (`values.<name>`) and nothing is written.
     */
    async generate(viewer: Viewer, deliverableId: unknown, raw: unknown) {
      const input = parseInput(GenerateFromTemplateSchema, raw);
      const loaded = await loadDeliverable(viewer, deliverableId);
      const { deliverable, mandate } = loaded;
      requireWritable(viewer, mandate);
      const template = await loadTemplate(viewer, input.templateId, mandate);
      const variables = collectTemplateVariables(template.json);
      const missing = missingRequired(variables, input.values);
      if (missing.length) {
        throw invalid(
          missing.map((v) => ({ path: `values.${v.name}`, message: `${v.label || v.name} is required.` })),
          `${missing.length} required ${missing.length === 1 ? "value is" : "values are"} missing.`,
        );
      }
      const mistyped = mistypedValues(variables, input.values);
      if (mistyped.length) throw invalid(mistyped);
      const unknown = Object.keys(input.values).filter((name) => !variables.some((v) => v.name === name));
      if (unknown.length) throw invalid(unknown.map((name) => ({ path: `values.${name}`, message: `The template has no variable "${name}".` })));

      const created = await documents.create(viewer, {
        kind: "PRECEDENT",
        title: input.title ?? titleFor(template, loaded),
        summary: `Generated from “${template.title}”${template.version ? ` (version ${template.version.number})` : " (unpublished draft)"} for ${mandate.reference}: ${deliverable.title}.`,
        practiceArea: template.practiceArea,
        jurisdictions: template.jurisdictions,
        tags: ["generated"],
        mandateId: mandate.id,
        visibility: input.shareWithClient ? "SHARED" : "INTERNAL",
        sharedWithOrganizationIds: input.shareWithClient ? [mandate.clientOrganizationId] : [],
        // Drafting notes guide whoever fills the template; the document made from it is sent.
        json: withoutDraftingNotes(fillTemplateVariables(template.json, variables, writtenValues(variables, input.values))),
      });
      try {
        const [link] = await mandates.attachResource(
          viewer,
          mandate.id,
          { documentId: created.id, deliverableId: deliverable.id },
          { generatedFromVersionId: template.versionId },
        );
        return { document: created, link, mandateId: mandate.id };
      } catch (error) {
        // The checks above make this rare (a race with a change to the mandate); a document
        // linked to nothing would be an orphan nobody looks for.
        await documents.delete(viewer, created.id);
        throw error;
      }
    },
  };
}

export type TemplateService = ReturnType<typeof createTemplateService>;
