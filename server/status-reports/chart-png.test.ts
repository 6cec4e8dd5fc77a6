import { crc32, inflateSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { CHART_HEIGHT, CHART_WIDTH, SERIES_COLOURS } from "../../app/components/charts/bar-chart-layout.ts";
import type { BarChart } from "./blocks.ts";
import { chartToPng } from "./chart-png.ts";

const chart: BarChart = {
  title: "Deliveries",
  summary: "3 delivered",
  categories: ["2026-10", "2026-11"],
  series: [{ name: "Delivered", values: [1, 2], labels: ["1", "2"] }],
  level: null,
  axisScale: 1,
};

/** The PNG's chunks, each checked against its CRC as a reader would. */
function chunks(png: Buffer) {
  const found: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString("ascii");
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length), `${type} CRC`).toBe(crc32(png.subarray(at + 4, at + 8 + length)) >>> 0);
    found.push({ type, data });
    at += 12 + length;
  }
  return found;
}

describe("a report chart as a PNG", () => {
  test("is a valid PNG twice the layout's size, with the bars in their colour on white", () => {
    const { png, width, height } = chartToPng(chart);
    expect({ width, height }).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const parts = chunks(png);
    expect(parts.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
    const header = parts[0]!.data;
    expect([header.readUInt32BE(0), header.readUInt32BE(4), header[8], header[9]]).toEqual([CHART_WIDTH * 2, CHART_HEIGHT * 2, 8, 2]); // 8-bit RGB
    const rows = inflateSync(parts[1]!.data);
    const stride = CHART_WIDTH * 2 * 3 + 1;
    expect(rows.length).toBe(stride * CHART_HEIGHT * 2);
    const pixel = (x: number, y: number) => `#${rows.subarray(y * stride + 1 + x * 3, y * stride + 4 + x * 3).toString("hex")}`;
    expect(pixel(2, 2)).toBe("#ffffff");
    // The November bar (2 of a top of 2) reaches the plot's top; October's (1) only half way.
    const blue = SERIES_COLOURS[0];
    const columnOf = (from: number) => {
      for (let x = from; x < CHART_WIDTH * 2; x++) if (pixel(x, CHART_HEIGHT * 2 - 90) === blue) return x;
      return -1;
    };
    const october = columnOf(0);
    const november = columnOf(CHART_WIDTH);
    expect(october).toBeGreaterThan(0);
    expect(november).toBeGreaterThan(CHART_WIDTH);
    expect(pixel(november, 40)).toBe(blue);
    expect(pixel(october, 40)).toBe("#ffffff");
  });
});
