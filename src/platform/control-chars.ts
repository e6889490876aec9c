/**
 * Characters no person types into a field: C0 controls other than tab, line feed and carriage return,
 * DEL, and the C1 controls. A NUL cannot even be stored in a PostgreSQL `text` column (the insert fails
 * half-way through a request), and the others only hide text from the people who read it later.
 */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

/**
 * The path of the first string inside `value` (object, array or string) that holds a control
 * character, e.g. `items[2].name`; null when there is none. Object keys are checked too.
 */
export function findControlCharacters(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return hasControlCharacters(value) ? path || '(valor)' : null;
  // Only what JSON or a query string produces: plain objects and arrays, not streams or buffers
  // (a raw upload is checked by its own parser), and never deeper than any real document goes.
  if (depth > 32) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findControlCharacters(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const proto = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null) {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const here = path ? `${path}.${key}` : key;
      if (hasControlCharacters(key)) return here;
      const found = findControlCharacters(v, here, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/**
 * PostgreSQL `text` and `jsonb` cannot hold U+0000: a report that quotes a line with a NUL (an import's
 * errors, say) would fail to be saved — a 500 for the person who sent the file. Each NUL is replaced by
 * the visible symbol "␀" (U+2400), so the report still shows where it was.
 */
export function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\u2400') : text;
}

/** `JSON.stringify` whose strings are `storableText` (for jsonb columns fed with file contents). */
export function storableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'string' ? storableText(v) : v));
}
