import type { Prisma } from "../db/generated/client.ts";

/**
 * What may stand before a word in a title. Prisma has no regular expressions, so "starts a word"
 * is "at the start, or after one of these": spaces and the punctuation titles use.
 */
const WORD_STARTS_AFTER = [" ", "-", "–", "(", "[", "/", "\"", "'", "“", "‘", "«", ".", ",", ":", ";", "&", "+"] as const;

/**
 * Titles in which every word of `q` starts a word, ignoring case: "NDA" finds "Mutual NDA" and
 * "(NDA) checklist" but not "Mandate letter"; "sup agr" finds "Supply agreement". Words are
 * matched in any order. A blank query matches everything.
 */
export function titleWordsWhere(q: string): Prisma.DocumentWhereInput {
  // Prisma hands `contains` and `startsWith` to LIKE as they are: a typed % or _ must not be a wildcard.
  const words = [...new Set(q.toLowerCase().split(/\s+/).filter(Boolean))].map((word) => word.replace(/[\\%_]/g, "\\$&"));
  return {
    AND: words.map((word) => ({
      OR: [
        { title: { startsWith: word, mode: "insensitive" } },
        ...WORD_STARTS_AFTER.map((before): Prisma.DocumentWhereInput => ({ title: { contains: `${before}${word}`, mode: "insensitive" } })),
      ],
    })),
  };
}
