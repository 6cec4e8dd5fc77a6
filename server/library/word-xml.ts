/**
 * Small readers for the XML inside a Word package. WordprocessingML is machine-written, so
 * tags and attributes are read with patterns rather than a DOM: what is read here is text,
 * a few attributes and where elements start and end.
 */

const XML_ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi;
const XML_NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  return text.replace(XML_ENTITY, (_, name: string) =>
    name.startsWith("#") ? String.fromCodePoint(Number.parseInt(name.slice(name[1] === "x" ? 2 : 1), name[1] === "x" ? 16 : 10)) : XML_NAMED[name.toLowerCase()]!,
  );
}

const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes of one start tag's source (`w:id="3" w:author="Ann"`), decoded, by qualified name. */
export function xmlAttributes(source: string): Record<string, string> {
  return Object.fromEntries([...source.matchAll(ATTRIBUTE)].map((m) => [m[1]!, decodeXml(m[2] ?? m[3] ?? "")]));
}

/** The text of a part's runs (w:t), for titles and to tell a header with words from an empty one. */
export const runText = (xml: string) => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decodeXml(m[1]!)).join("");

/** A Word date (`w:date`, ISO 8601) as an ISO string, or undefined when it is missing or not a date. */
export function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** Who a tracked change or comment is shown as when Word recorded no author. */
export const UNKNOWN_AUTHOR = "Unknown author";
