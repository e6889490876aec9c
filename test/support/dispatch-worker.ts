/**
 * A dispatch worker as its own process, for the crash and multi-worker tests: drains the outbox of the
 * PostgreSQL database given, sending SMS to the simulator given, at the instant given.
 *
 *   node --import tsx test/support/dispatch-worker.ts DATABASE_URL SIMULATOR_URL NOW_ISO
 */
import { adaptersFor, dispatchDue } from '../../src/modules/contact/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/db.ts';
import { silentLogger } from '../../src/platform/log.ts';

const [databaseUrl, simulatorUrl, nowIso] = process.argv.slice(2) as [string, string, string];
const config = loadConfig({
  dataDir: '/nonexistent',
  databaseUrl,
  messaging: { sms: { baseUrl: simulatorUrl, apiToken: 'token-sms', from: 'trato' } },
});
const database = await openDatabase({ databaseUrl, poolSize: 2 });
const ctx = { database, clock: systemClock, log: silentLogger, config, jobs: null };
const summary = await dispatchDue(ctx, {
  adapters: adaptersFor(config.messaging),
  now: new Date(nowIso),
  batchSize: 5,
  portalUrl: config.publicUrl,
  linkSecret: config.linkSecrets,
});
process.stdout.write(`${JSON.stringify(summary)}\n`);
await database.close();
