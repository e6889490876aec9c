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
export function findControlCharacters(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return hasControlCharacters(value) ? path || '(valor)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findControlCharacters(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (hasControlCharacters(key)) return here;
      const found = findControlCharacters(v, here);
      if (found) return found;
    }
  }
  return null;
}
