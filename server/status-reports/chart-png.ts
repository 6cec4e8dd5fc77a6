import { crc32, deflateSync } from "node:zlib";
import { layoutBarChart } from "../../app/components/charts/bar-chart-layout.ts";
import type { BarChart } from "./blocks.ts";

/**
 * A report chart as a PNG for the Word file, drawn from the same shapes as the page's SVG
 * (bar-chart-layout.ts). Pure JavaScript over Node's own zlib (deflate and CRC-32): no native
 * module, no new package, nothing to install on a bare machine (ADR 040). The shapes are all
 * axis-aligned rectangles and lines, so rasterising is filling boxes. Text is the axis' numbers
 * and the months ("2026-11"): digits in a 3 × 5 pixel font; the chart's words (title, legend)
 * are Word text beside the picture, where a reader can select and a screen reader can read them.
 */

/** Pixels per layout unit: a sharp picture at the size Word shows it. */
const SCALE = 2;
/** Font pixels per glyph pixel, at SCALE. */
const GLYPH_SCALE = 3;

const GLYPHS: Record<string, string[]> = {
  "0": ["111", "101", "101", "101", "111"],
  "1": ["010", "110", "010", "010", "111"],
  "2": ["111", "001", "111", "100", "111"],
  "3": ["111", "001", "111", "001", "111"],
  "4": ["101", "101", "111", "001", "001"],
  "5": ["111", "100", "111", "001", "111"],
  "6": ["111", "100", "111", "101", "111"],
  "7": ["111", "001", "010", "010", "010"],
  "8": ["111", "101", "111", "101", "111"],
  "9": ["111", "101", "111", "001", "111"],
  "-": ["000", "000", "111", "000", "000"],
  ",": ["000", "000", "000", "010", "100"],
  ".": ["000", "000", "000", "000", "010"],
  " ": ["000", "000", "000", "000", "000"],
};
const GLYPH_ADVANCE = 4 * GLYPH_SCALE;

type Rgb = [number, number, number];
const rgb = (hex: string): Rgb => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];

class Canvas {
  readonly pixels: Uint8Array;
  constructor(readonly width: number, readonly height: number) {
    this.pixels = new Uint8Array(width * height * 3).fill(255);
  }
  fill(x: number, y: number, w: number, h: number, colour: Rgb) {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let row = y0; row < y1; row++) {
      for (let col = x0; col < x1; col++) this.pixels.set(colour, (row * this.width + col) * 3);
    }
  }
}

function drawText(canvas: Canvas, text: string, x: number, baseline: number, anchor: "start" | "middle" | "end") {
  const width = text.length * GLYPH_ADVANCE - GLYPH_SCALE;
  const left = anchor === "start" ? x : anchor === "middle" ? x - width / 2 : x - width;
  const top = baseline - 5 * GLYPH_SCALE;
  const ink = rgb("#333333");
  [...text].forEach((char, i) => {
    const glyph = GLYPHS[char];
    if (!glyph) return;
    glyph.forEach((row, r) => {
      [...row].forEach((bit, c) => {
        if (bit === "1") canvas.fill(left + i * GLYPH_ADVANCE + c * GLYPH_SCALE, top + r * GLYPH_SCALE, GLYPH_SCALE, GLYPH_SCALE, ink);
      });
    });
  });
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** RGB pixels as a PNG file (8 bits per channel, no filtering: the flat colours deflate well). */
export function encodePng(width: number, height: number, pixels: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) rows.set(pixels.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(rows)), chunk("IEND", new Uint8Array())]);
}

export type ChartPng = { png: Buffer; width: number; height: number };

/** The chart at SCALE × its layout size; `width`/`height` are the layout's, the size to show it at. */
export function chartToPng(chart: BarChart): ChartPng {
  const shapes = layoutBarChart(chart);
  const canvas = new Canvas(shapes.width * SCALE, shapes.height * SCALE);
  for (const b of shapes.bars) canvas.fill(b.x * SCALE, b.y * SCALE, b.width * SCALE, b.height * SCALE, rgb(b.colour));
  for (const l of shapes.lines) {
    const thickness = (l.dashed ? 2 : 1) * SCALE;
    if (l.y1 === l.y2) {
      const step = l.dashed ? 10 * SCALE : Infinity;
      for (let x = l.x1 * SCALE; x < l.x2 * SCALE; x += step) canvas.fill(x, l.y1 * SCALE - thickness / 2, Math.min(l.dashed ? 6 * SCALE : Infinity, l.x2 * SCALE - x), thickness, rgb(l.colour));
    } else {
      canvas.fill(l.x1 * SCALE - thickness / 2, Math.min(l.y1, l.y2) * SCALE, thickness, Math.abs(l.y2 - l.y1) * SCALE, rgb(l.colour));
    }
  }
  for (const t of shapes.texts) drawText(canvas, t.text, t.x * SCALE, t.y * SCALE, t.anchor);
  return { png: encodePng(canvas.width, canvas.height, canvas.pixels), width: shapes.width, height: shapes.height };
}
