import type { ReportBlock } from "../../../server/status-reports/blocks.ts";
import { ReportChart } from "./report-chart";

/** A report section's blocks, as the print view and the Word file lay them out (server/status-reports). */
export function ReportBlocks({ blocks }: { blocks: ReportBlock[] }) {
  return (
    <>
      {blocks.map((block, i) => {
        switch (block.kind) {
          case "paragraph":
            return <p key={i}>{block.text}</p>;
          case "facts":
            return (
              <dl key={i} className="report-facts">
                {block.items.map((item) => (
                  <div key={item.label}>
                    <dt>{item.label}</dt>
                    <dd>{item.value}</dd>
                  </div>
                ))}
              </dl>
            );
          case "table":
            return block.rows.length ? (
              <div key={i}>
                <table className="table report-table">
                  <caption>{block.caption}</caption>
                  <thead>
                    <tr>
                      {block.columns.map((c) => (
                        <th key={c} scope="col">
                          {c}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {block.rows.map((row, r) => (
                      <tr key={r}>
                        {row.map((cell, c) => (
                          <td key={c}>{cell}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <div key={i}>
                <h4 className="report-table-caption">{block.caption}</h4>
                <p className="hint">{block.empty}</p>
              </div>
            );
          case "chart":
            return <ReportChart key={i} chart={block.chart} />;
          case "definitions":
            return (
              <details key={i} className="report-definitions">
                <summary>Definitions</summary>
                <dl>
                  {block.items.map((d) => (
                    <div key={d.term}>
                      <dt>{d.term}</dt>
                      <dd>{d.definition}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            );
        }
      })}
    </>
  );
}
