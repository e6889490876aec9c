#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx trato` works right after `npm install`.
import { nodeVersionProblem } from './node-version.mjs';

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`erro: ${problem}\n`);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
await import('../src/main.ts');
