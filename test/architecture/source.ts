/**
 * A small lexer for the architecture test: enough of TypeScript to tell code from comments and
 * strings, so a rule never fires on a comment ("// never call new Date() here") and an import is
 * read from its specifier. Not a parser: the rules are about text patterns in code.
 */

export interface SourceFile {
  /** Path from the repository root, with forward slashes: `src/modules/contact/x.ts`. */
  path: string;
  text: string;
}

/** Prev code characters after which `/` starts a regular expression, not a division. */
const REGEX_PRECEDERS = new Set([
  '',
  '(',
  ',',
  '=',
  ':',
  '[',
  '!',
  '&',
  '|',
  '?',
  '{',
  '}',
  ';',
  '+',
  '-',
  '*',
  '%',
  '<',
  '>',
  '~',
  '^',
]);
const REGEX_KEYWORDS = /(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|void|yield|await)$/;

/**
 * The text with every comment replaced by spaces (newlines kept, so line numbers stay right).
 * Strings, template literals and regular expressions are kept as they are.
 */
export function stripComments(text: string): string {
  const out: string[] = [];
  let i = 0;
  let lastCode = ''; // last non-space character of code (not of a comment)
  let codeSoFar = '';
  // Template literal nesting: each entry is the brace depth at which a `${` opened.
  const templates: number[] = [];
  let depth = 0;
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');

  const readQuoted = (quote: string): void => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== quote && text[i] !== '\n') {
      if (text[i] === '\\') i++;
      i++;
    }
    i++;
    out.push(text.slice(start, i));
    lastCode = quote;
  };

  // Reads template text from i (just after a backtick or a closing `}` of `${`) to the closing
  // backtick, or to a `${`, pushing it verbatim.
  const readTemplateText = (): void => {
    const start = i;
    while (i < text.length) {
      if (text[i] === '\\') {
        i += 2;
        continue;
      }
      if (text[i] === '`') {
        i++;
        out.push(text.slice(start, i));
        lastCode = '`';
        return;
      }
      if (text[i] === '$' && text[i + 1] === '{') {
        i += 2;
        out.push(text.slice(start, i));
        templates.push(depth);
        depth++;
        lastCode = '{';
        return;
      }
      i++;
    }
    out.push(text.slice(start));
  };

  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out.push(blank(text.slice(i, stop)));
      i = stop;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out.push(blank(text.slice(i, stop)));
      i = stop;
      continue;
    }
    if (c === "'" || c === '"') {
      readQuoted(c);
      codeSoFar += 'x';
      continue;
    }
    if (c === '`') {
      i++;
      out.push('`');
      readTemplateText();
      continue;
    }
    if (c === '/' && (REGEX_PRECEDERS.has(lastCode) || REGEX_KEYWORDS.test(codeSoFar.slice(-12)))) {
      const start = i;
      i++;
      let inClass = false;
      while (i < text.length && text[i] !== '\n') {
        const r = text[i];
        if (r === '\\') {
          i += 2;
          continue;
        }
        if (r === '[') inClass = true;
        else if (r === ']') inClass = false;
        else if (r === '/' && !inClass) break;
        i++;
      }
      i++;
      while (i < text.length && /[a-z]/.test(text[i] ?? '')) i++;
      out.push(text.slice(start, i));
      lastCode = ')';
      codeSoFar += 'x';
      continue;
    }
    if (c === '{') depth++;
    if (c === '}') {
      depth--;
      if (templates.length > 0 && templates[templates.length - 1] === depth) {
        templates.pop();
        i++;
        out.push('}');
        readTemplateText();
        continue;
      }
    }
    out.push(c as string);
    if (!/\s/.test(c as string)) {
      lastCode = c as string;
      codeSoFar = (codeSoFar + c).slice(-24);
    } else {
      codeSoFar = `${codeSoFar} `.slice(-24);
    }
    i++;
  }
  return out.join('');
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let k = 0; k < offset && k < text.length; k++) if (text[k] === '\n') line++;
  return line;
}

export interface ImportRef {
  specifier: string;
  line: number;
}

/** Every static import, re-export and dynamic `import('…')` of a (comment-free) text. */
export function importsOf(code: string): ImportRef[] {
  const found: ImportRef[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w$*{}\s,]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) {
    for (const m of code.matchAll(re)) {
      found.push({ specifier: m[1] as string, line: lineAt(code, m.index ?? 0) });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

/** The repository path an import points to, or null for a package (`kysely`, `node:fs`). */
export function resolveImport(fromPath: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const parts = fromPath.split('/').slice(0, -1);
  for (const seg of specifier.split('/')) {
    if (seg === '.' || seg === '') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

/** `contact` for `src/modules/contact/…`; null outside `src/modules/`. */
export function moduleOf(path: string): string | null {
  const m = /^src\/modules\/([^/]+)\//.exec(path);
  return m ? (m[1] as string) : null;
}
