import { useState } from "react";
import { isInvalidRequest } from "~/utils/action-error.server";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { KindBadge, StatusBadge } from "~/components/documents/badges";
import { SelectField } from "~/components/documents/fields";
import { KIND_LABELS, STATUS_LABELS, formatDate, optionsOf } from "~/components/documents/labels";
import { EmptyState } from "~/components/empty-state";
import { FormError, FormField } from "~/components/form-field";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import libraryStylesHref from "~/styles/library.css?url";
import { Pager } from "~/components/pager";
import { pickQueryParams } from "~/utils/query-params";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: libraryStylesHref }];

export const meta: MetaFunction = () => [{ title: "Library · Precedent" }];

const FILTERS = ["kind", "status", "practiceArea", "jurisdiction", "tag", "ownerId", "q", "sort", "page"] as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  // The library is house knowledge: a client's material is listed under its mandate (ADR 013).
  const query = { ...pickQueryParams(request, FILTERS), client: "house" };
  const { documents, library } = context.services;
  let page;
  let filterError: string | undefined;
  try {
    page = await library.listWithUsage(viewer, query);
  } catch (error) {
    // A hand-edited URL with a bad filter: say so, and show the unfiltered library.
    if (!isInvalidRequest(error)) errorResponse(error);
    filterError = "Some filters in this address are not valid, so they were ignored.";
    page = await library.listWithUsage(viewer, { client: "house" });
  }
  // "Used by": mandates the viewer may read that link each document.
  const counts = page.counts;
  const facets = await documents.listFacets(viewer);
  const present = context.present;
  return {
    query,
    filterError,
    filtered: FILTERS.some((k) => k !== "sort" && k !== "page" && query[k] !== undefined),
    /** Filters set beyond the title box: on a phone, those fields start shown when there are any. */
    moreFilters: FILTERS.filter((k) => k !== "q" && k !== "page" && query[k] !== undefined).length,
    documents: page.items.map((d) => ({ ...present.documentSummary(d, viewer), usedBy: counts[d.id]?.mandates ?? 0 })),
    /** Set when sorting by usage looked at only the most recently updated documents. */
    usageLimit: page.usageLimit,
    page: { number: page.page, count: page.pageCount, total: page.total },
    facets: present.documentFacets(facets),
    canCreate: documents.canCreate(viewer),
    isClient: present.viewer(viewer).abilities.isClient,
  };
}

const any = (label: string) => ({ value: "", label });

export default function Library() {
  const { query, filterError, filtered, moreFilters, documents, page, facets, canCreate, isClient, usageLimit } = useLoaderData<typeof loader>();
  const [showMoreFilters, setShowMoreFilters] = useState(moreFilters > 0);
  const navigation = useNavigation();
  const busy = navigation.state === "loading" && navigation.location?.pathname === "/library";
  const nothingAtAll = documents.length === 0 && !filtered && page.number === 1;
  return (
    <>
      <div className="page-header">
        <h1>Library</h1>
        {canCreate ? (
          <div className="page-header-actions">
            <Link to="/library/import" className="button">
              Import files
            </Link>
            <Form method="get" action="/library/new">
              <button type="submit" className="button primary">
                New document
              </button>
            </Form>
          </div>
        ) : null}
      </div>

      {nothingAtAll ? null : (
        <Form method="get" className="filters" role="search" aria-label="Filter the library" data-expanded={showMoreFilters || undefined}>
          <FormError error={filterError} />
          <FormField label="Title contains" name="q" type="search" defaultValue={query.q ?? ""} />
          <SelectField label="Kind" name="kind" defaultValue={query.kind ?? ""} options={[any("Any kind"), ...optionsOf(KIND_LABELS)]} />
          <SelectField
            label="Status"
            name="status"
            defaultValue={query.status ?? ""}
            options={[any("Any but archived"), ...optionsOf(STATUS_LABELS).filter((o) => !isClient || o.value === "PUBLISHED" || o.value === "IN_REVIEW")]}
          />
          <SelectField
            label="Practice area"
            name="practiceArea"
            defaultValue={query.practiceArea ?? ""}
            options={[any("Any practice area"), ...facets.practiceAreas.map((v) => ({ value: v, label: v }))]}
          />
          <SelectField
            label="Jurisdiction"
            name="jurisdiction"
            defaultValue={query.jurisdiction ?? ""}
            options={[any("Any jurisdiction"), ...facets.jurisdictions.map((v) => ({ value: v, label: v }))]}
          />
          <SelectField label="Tag" name="tag" defaultValue={query.tag ?? ""} options={[any("Any tag"), ...facets.tags.map((v) => ({ value: v, label: v }))]} />
          <SelectField
            label="Owner"
            name="ownerId"
            defaultValue={query.ownerId ?? ""}
            options={[any("Anyone"), ...facets.owners.flatMap((o) => (o ? [{ value: o.id, label: o.name }] : []))]}
          />
          <SelectField
            label="Sort by"
            name="sort"
            defaultValue={query.sort ?? ""}
            options={[
              { value: "", label: "Recently updated" },
              { value: "created", label: "Recently created" },
              { value: "title", label: "Title (A–Z)" },
              { value: "usage", label: "Most used by mandates" },
            ]}
          />
          <div className="filters-actions">
            <button type="submit" className="button">
              Apply filters
            </button>
            {/* Phones only (library.css): the fields past the title box take a screen of their own. */}
            <button type="button" className="button filters-more" aria-expanded={showMoreFilters} onClick={() => setShowMoreFilters(!showMoreFilters)}>
              {showMoreFilters ? "Fewer filters" : `More filters${moreFilters ? ` (${moreFilters} set)` : ""}`}
            </button>
            {filtered ? <Link to="/library">Clear filters</Link> : null}
          </div>
        </Form>
      )}

      <section aria-labelledby="documents-title" aria-busy={busy || undefined}>
        <h2 id="documents-title" className="visually-hidden">
          Documents
        </h2>
        {nothingAtAll ? (
          isClient ? (
            <EmptyState title="Nothing has been shared with your organisation yet">
              <p>When the legal team shares a playbook, toolkit, template or precedent with you, it appears here.</p>
            </EmptyState>
          ) : (
            <EmptyState title="No documents yet — create the first playbook">
              <p>The library holds your market playbooks, toolkits, templates and precedents, edited together in real time.</p>
              {canCreate ? (
                <Form method="get" action="/library/new">
                  <input type="hidden" name="kind" value="PLAYBOOK" />
                  <button type="submit" className="button primary">
                    Create a playbook
                  </button>
                </Form>
              ) : (
                <p>Ask an editor to create the first one.</p>
              )}
            </EmptyState>
          )
        ) : documents.length === 0 ? (
          <EmptyState title="No documents match these filters">
            <p>
              <Link to="/library">Clear the filters</Link> to see the whole library.
            </p>
          </EmptyState>
        ) : (
          <>
            <p className="hint" role="status">
              {page.total} {page.total === 1 ? "document" : "documents"}
              {page.count > 1 ? ` · page ${page.number} of ${page.count}` : ""}
              {usageLimit ? ` · sorted by usage among the ${usageLimit} most recently updated` : ""}
            </p>
            <table className="table cards documents-table">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Updated</th>
                  <th scope="col">Used by</th>
                </tr>
              </thead>
              <tbody>
                {documents.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <Link to={`/documents/${d.id}`} className="document-link">
                        {d.title}
                      </Link>
                      {d.summary ? <span className="document-summary">{d.summary}</span> : null}
                      {d.tags.length ? (
                        <span className="tags">
                          <span className="visually-hidden">Tags: </span>
                          {d.tags.map((t) => (
                            <span key={t} className="tag">
                              {t}
                            </span>
                          ))}
                        </span>
                      ) : null}
                    </td>
                    <td data-label="Kind">
                      <KindBadge kind={d.kind} />
                    </td>
                    <td data-label="Status">
                      <StatusBadge status={d.status} />
                      {d.visibility === "SHARED" && d.sharedWith ? (
                        <span className="hint shared-note">Shared with {d.sharedWith.map((s) => s.name).join(", ") || "no one yet"}</span>
                      ) : null}
                    </td>
                    <td data-label="Owner">{d.owner?.name ?? "—"}</td>
                    <td data-label="Updated">
                      <time dateTime={d.updatedAt}>{formatDate(d.updatedAt)}</time>
                    </td>
                    <td data-label="Used by">{d.usedBy === 0 ? "—" : `${d.usedBy} ${d.usedBy === 1 ? "mandate" : "mandates"}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager page={page} query={query} />
          </>
        )}
      </section>
    </>
  );
}
