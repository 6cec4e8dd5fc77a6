import type { PresentedDiff } from "../../../server/documents/presenter.ts";

type Block = PresentedDiff["hunks"][number]["blocks"][number];

/**
 * A redline: insertions underlined in green, deletions struck through in red. Colour is never
 * the only signal: <ins>/<del> carry the meaning, and screen readers hear "inserted" and
 * "deleted" around each change (most do not announce <ins>/<del> on their own).
 */
export function Redline({ diff }: { diff: PresentedDiff }) {
  const { stats } = diff;
  return (
    <div className="redline">
      <RedlineLegend />
      {diff.identical ? (
        <p role="status">No differences: the two are the same.</p>
      ) : (
        <p role="status" className="hint">
          {stats.insertedWords} {plural(stats.insertedWords, "word")} inserted, {stats.deletedWords} deleted; {stats.changedBlocks} {plural(stats.changedBlocks, "paragraph")} edited,{" "}
          {stats.insertedBlocks} added, {stats.deletedBlocks} removed.
        </p>
      )}
      {diff.hunks.map((hunk, h) => (
        <div key={h} className="redline-hunk">
          {hunk.skippedBefore > 0 ? <Skipped count={hunk.skippedBefore} /> : null}
          {hunk.blocks.map((block, b) => (
            <RedlineBlock key={b} block={block} />
          ))}
        </div>
      ))}
      {!diff.identical && diff.skippedAfter > 0 ? <Skipped count={diff.skippedAfter} /> : null}
    </div>
  );
}

export function RedlineLegend() {
  return (
    <p className="redline-legend">
      <span>Legend:</span>{" "}
      <ins>
        <span className="visually-hidden">inserted: </span>inserted text
      </ins>{" "}
      <del>
        <span className="visually-hidden">deleted: </span>deleted text
      </del>
    </p>
  );
}

const plural = (n: number, word: string) => (n === 1 ? word : `${word}s`);

function Skipped({ count }: { count: number }) {
  return <p className="redline-skipped">… {count} unchanged {plural(count, "paragraph")} …</p>;
}

function Ins({ children }: { children: React.ReactNode }) {
  return (
    <ins>
      <span className="visually-hidden">[inserted: </span>
      {children}
      <span className="visually-hidden">]</span>
    </ins>
  );
}

function Del({ children }: { children: React.ReactNode }) {
  return (
    <del>
      <span className="visually-hidden">[deleted: </span>
      {children}
      <span className="visually-hidden">]</span>
    </del>
  );
}

function RedlineBlock({ block }: { block: Block }) {
  const className = `redline-block redline-${block.type}${block.type === "heading" && block.level ? ` redline-h${block.level}` : ""}`;
  const context = block.context ? <span className="redline-context">{block.context}</span> : null;
  if (block.op === "change") {
    return (
      <div className={`${className} redline-changed`}>
        {context}
        <p>
          {block.segments.map((s, i) =>
            s.op === "insert" ? <Ins key={i}>{s.text}</Ins> : s.op === "delete" ? <Del key={i}>{s.text}</Del> : <span key={i}>{s.text}</span>,
          )}
        </p>
      </div>
    );
  }
  const text = "text" in block ? block.text : "";
  return (
    <div className={`${className} redline-${block.op}`}>
      {context}
      <p>{block.op === "insert" ? <Ins>{text}</Ins> : block.op === "delete" ? <Del>{text}</Del> : text}</p>
    </div>
  );
}
