// Checked before anything else loads: on an old Node the sources would fail with a syntax error or
// a missing API far from the cause. Plain JavaScript, no dependencies.

/** The oldest Node.js the product supports (package.json "engines"; the suite runs on it). */
export const MINIMUM_NODE_MAJOR = 20;

/** One pt-BR line when `version` ("18.19.0") is too old, else null. */
export function nodeVersionProblem(version) {
  const major = Number(String(version).replace(/^v/, '').split('.')[0]);
  if (Number.isInteger(major) && major >= MINIMUM_NODE_MAJOR) return null;
  return `O Trato precisa do Node.js ${MINIMUM_NODE_MAJOR} ou mais novo, e este é o ${version}. Instale uma versão atual (https://nodejs.org) e rode de novo.`;
}
