/** Longest name in HTML's table of named character references (`CounterClockwiseContourIntegral`). */
const MAX_REFERENCE_NAME = 31;
/** A named reference stands for one or two code points (HTML's table); an ASCII character is one code unit. */
const MAX_NAMED_ASCII = 2;

/**
 * Whether an HTML page can hold an attribute whose value, once decoded, is `value`, judged from
 * its text alone and never "no" where the parser (`extractHtmlTagFacts`) finds one: a value is
 * its characters as written or character references, so the value must stand in the text with
 * each character written out or stood for by a reference. A numeric one (`&#45;`, `&#x2D`) stands
 * for its code point; a named one (`&dash;`, `&fjlig;`) for one or two characters, and its name
 * may be read by a shorter one with the rest as text (`&notit;` as `¬it;`), so every such reading
 * is allowed. Judged only for a value of printable ASCII without `&`; any other value may be held.
 */
export function mayHoldAttributeValue(text: string, value: string): boolean {
  if (value === "" || !/^[\x20-\x25\x27-\x7e]+$/.test(value)) return true;
  if (text.includes(value)) return true;
  // Any other match has a first reference, with at most the value's length less one of it written out before.
  for (let amp = text.indexOf("&"); amp >= 0; amp = text.indexOf("&", amp + 1)) {
    for (let before = Math.min(value.length - 1, amp); before >= 0; before--) {
      if (text.startsWith(value.slice(0, before), amp - before) && matchesFrom(text, amp, value, before, new Set())) return true;
    }
  }
  return false;
}

/** Whether the text from `at` can decode to the rest of the value from `done`. */
function matchesFrom(text: string, at: number, value: string, done: number, failed: Set<number>): boolean {
  if (done === value.length) return true;
  if (at >= text.length) return false;
  const state = at * (value.length + 1) + done;
  if (failed.has(state)) return false;
  const found =
    text[at] === "&"
      ? referenceMatches(text, at, value, done, failed)
      : text[at] === value[done] && matchesFrom(text, at + 1, value, done + 1, failed);
  if (!found) failed.add(state);
  return found;
}

/** The readings of a reference at `at` (an `&` that is no reference is itself, which the value does not hold). */
function referenceMatches(text: string, at: number, value: string, done: number, failed: Set<number>): boolean {
  if (text[at + 1] === "#") {
    const hex = text[at + 2] === "x" || text[at + 2] === "X";
    const digits = hex ? /[0-9a-fA-F]/ : /[0-9]/;
    const first = at + (hex ? 3 : 2);
    let end = first;
    while (end < text.length && digits.test(text[end]!)) end++;
    if (end === first) return false;
    const code = parseInt(text.slice(first, end), hex ? 16 : 10);
    if (code !== value.charCodeAt(done)) return false;
    return matchesFrom(text, end, value, done + 1, failed) || (text[end] === ";" && matchesFrom(text, end + 1, value, done + 1, failed));
  }
  let run = at + 1;
  while (run < text.length && run - at <= MAX_REFERENCE_NAME && /[0-9A-Za-z]/.test(text[run]!)) run++;
  for (let end = at + 2; end <= run; end++) {
    const ends = text[end] === ";" ? [end, end + 1] : [end];
    for (const next of ends) {
      for (let stood = 1; stood <= MAX_NAMED_ASCII && done + stood <= value.length; stood++) {
        if (matchesFrom(text, next, value, done + stood, failed)) return true;
      }
    }
  }
  return false;
}
