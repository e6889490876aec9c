import { runCli } from './cli.ts';
import { adoptLegacyEnv } from './platform/config.ts';

for (const warning of adoptLegacyEnv(process.env)) process.stderr.write(`${warning}\n`);
await runCli(process.argv);
