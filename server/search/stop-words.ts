/**
 * The one list of English stop words both engines use (analysis.ts): a query word on this list is
 * neither required nor highlighted, unless the query holds nothing else ("what is it")
 * or it sits inside a quoted phrase or a synonym ("limitation of liability"). Documents still
 * index these words, so phrases keep them.
 *
 * Kept short on purpose: function words, and the modal verbs a question is phrased with (must,
 * should, may, need). "shall" stays out: it is how an obligation is drafted, so a query holding
 * it means the clause's wording.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "before", "being", "but", "by",
  "can", "could", "did", "do", "does", "doing", "during", "each", "for", "from", "had", "has", "have", "having", "he", "her",
  "here", "his", "how", "i", "if", "in", "into", "is", "it", "its", "may", "me", "might", "must", "my", "need", "of", "on", "or", "our", "ours", "she", "should", "so",
  "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "too", "us", "was", "we",
  "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
]);
