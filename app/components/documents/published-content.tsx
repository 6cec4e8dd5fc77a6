import { useState, type ReactNode } from "react";
import { CLAUSE_WORDING_LABEL, clausePartLabels, perspectivesOf, showsForPerspective } from "~/editor/clause-position";

/**
 * A published version's content, rendered read-only from its ProseMirror JSON for readers who
 * do not see the live draft (clients, viewers: docs/decisions/012-publishing-workflow.md). No
 * editor and no socket. Text goes through React, so it is always escaped; links keep only
 * http(s) and mailto targets. Headings and clause positions get the anchors the server derived
 * (`sections`, in document order), so search deep links land here too. A playbook written from
 * more than one perspective gets a filter: a clause of another perspective is hidden, a clause
 * for any perspective ("") always shows (ADR 035).
 */

type PmNode = { type?: string; text?: string; attrs?: Record<string, unknown>; marks?: { type: string; attrs?: Record<string, unknown> }[]; content?: PmNode[] };
type Section = { anchor: string; kind: "heading" | "clause" };

const SAFE_HREF = /^(https?:|mailto:)/i;

export function PublishedContent({ json, sections }: { json: unknown; sections: Section[] }) {
  const headingAnchors = sections.filter((s) => s.kind === "heading").map((s) => s.anchor);
  const clauseAnchors = sections.filter((s) => s.kind === "clause").map((s) => s.anchor);
  const doc = json && typeof json === "object" ? (json as PmNode) : { content: [] };
  const perspectives = perspectivesOf(doc);
  const [perspective, setPerspective] = useState("");
  let key = 0;

  const children = (node: PmNode): ReactNode[] => (node.content ?? []).map(render);

  function marked(node: PmNode): ReactNode {
    let out: ReactNode = node.text ?? "";
    for (const mark of node.marks ?? []) {
      if (mark.type === "bold") out = <strong>{out}</strong>;
      else if (mark.type === "italic") out = <em>{out}</em>;
      else if (mark.type === "underline") out = <u>{out}</u>;
      else if (mark.type === "strike") out = <s>{out}</s>;
      else if (mark.type === "code") out = <code>{out}</code>;
      else if (mark.type === "link") {
        const href = String(mark.attrs?.href ?? "");
        if (SAFE_HREF.test(href)) out = <a href={href} rel="noopener noreferrer">{out}</a>;
      }
    }
    return out;
  }

  function render(node: PmNode): ReactNode {
    const k = key++;
    switch (node.type) {
      case "text":
        return <span key={k}>{marked(node)}</span>;
      case "paragraph":
        return <p key={k}>{children(node)}</p>;
      case "heading": {
        const level = Math.min(Math.max(Number(node.attrs?.level) || 1, 1), 3);
        const Tag = (["h2", "h3", "h4"] as const)[level - 1]!;
        return <Tag key={k} id={headingAnchors.shift()}>{children(node)}</Tag>;
      }
      case "bulletList":
        return <ul key={k}>{children(node)}</ul>;
      case "orderedList":
        return <ol key={k}>{children(node)}</ol>;
      case "listItem":
        return <li key={k}>{children(node)}</li>;
      case "taskList":
        return <ul key={k} className="task-list">{children(node)}</ul>;
      case "taskItem": {
        // Read-only: the box is a sign, not a control; its words say done or not done.
        const done = node.attrs?.checked === true;
        return (
          <li key={k} className="task-item" data-checked={done}>
            <span className="task-box" role="img" aria-label={done ? "done" : "not done"}>
              {done ? "☑" : "☐"}
            </span>
            <div>{children(node)}</div>
          </li>
        );
      }
      case "blockquote":
        return <blockquote key={k}>{children(node)}</blockquote>;
      case "codeBlock":
        return <pre key={k}><code>{children(node)}</code></pre>;
      case "hardBreak":
        return <br key={k} />;
      case "horizontalRule":
        return <hr key={k} />;
      case "table":
        return <table key={k} className="table"><tbody>{children(node)}</tbody></table>;
      case "tableRow":
        return <tr key={k}>{children(node)}</tr>;
      case "tableHeader":
        return <th key={k} scope="col">{children(node)}</th>;
      case "tableCell":
        return <td key={k}>{children(node)}</td>;
      case "callout":
        return <aside key={k} className={`callout callout-${String(node.attrs?.tone ?? "info")}`}>{children(node)}</aside>;
      case "clausePosition": {
        // The anchor is taken even when the clause is hidden, so the next clause keeps its own.
        const anchor = clauseAnchors.shift();
        const name = String(node.attrs?.name ?? "");
        const escalateTo = String(node.attrs?.escalateTo ?? "");
        const clausePerspective = String(node.attrs?.perspective ?? "").trim();
        if (!showsForPerspective(clausePerspective, perspective)) return null;
        const labels = clausePartLabels(node.content ?? []);
        return (
          <section key={k} className="clause-card" id={anchor} aria-label={name || "Clause position"}>
            {name ? <h3>{name}</h3> : null}
            {clausePerspective || node.attrs?.required === true ? (
              <p className="clause-card__facts">
                {clausePerspective ? <span>Perspective: {clausePerspective}</span> : null}
                {clausePerspective && node.attrs?.required === true ? " · " : null}
                {node.attrs?.required === true ? <strong>Required</strong> : null}
              </p>
            ) : null}
            {(node.content ?? []).map((part, index) => clausePart(part, labels[index] ?? ""))}
            {escalateTo ? <p className="hint">Escalate to: {escalateTo}</p> : null}
          </section>
        );
      }
      case "clauseWording":
        return (
          <div key={k} className="clause-wording">
            <p className="clause-part-label">{CLAUSE_WORDING_LABEL}</p>
            <blockquote>{children(node)}</blockquote>
          </div>
        );
      case "templateVariable":
        return <span key={k} className="template-variable">{`{{${String(node.attrs?.name ?? "")}}}`}</span>;
      default:
        return <div key={k}>{children(node)}</div>;
    }
  }

  function clausePart(node: PmNode, label: string): ReactNode {
    const role = String(node.attrs?.role ?? "");
    const approver = String(node.attrs?.approver ?? "").trim();
    return (
      <div key={key++} className={`clause-part clause-part-${role}`} role="group" aria-label={label}>
        <p className="clause-part-label">
          {label}
          {approver ? <span className="hint"> · Approver: {approver}</span> : null}
        </p>
        {children(node)}
      </div>
    );
  }

  const blocks = children(doc);
  return (
    <div className="published-content">
      {perspectives.length > 1 ? (
        <p className="published-content__filter">
          <label>
            Perspective{" "}
            <select value={perspective} onChange={(e) => setPerspective(e.target.value)}>
              <option value="">All</option>
              {perspectives.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
        </p>
      ) : null}
      {blocks.length ? blocks : <p className="hint">This version is empty.</p>}
    </div>
  );
}
