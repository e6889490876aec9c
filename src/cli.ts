import { Command } from 'commander';
import { registerBalanceCommand, registerIndexCommands } from './cli-balance.ts';
import { registerCreditorCommands } from './cli-creditors.ts';
import { registerTokenCommands } from './cli-identity.ts';
import { speakPortuguese } from './cli-language.ts';
import { registerPaymentCommands } from './cli-payments.ts';
import { registerPortfolioCommands } from './cli-portfolio.ts';
import { registerDailyRunCommand, registerServerCommands } from './cli-run.ts';
import { registerSettingsCommands } from './cli-settings.ts';
import { cliPrincipal, configFrom, dataDirOption, withRuntime } from './cli-shared.ts';
import { systemClock } from './platform/clock.ts';
import { AppError } from './platform/errors.ts';
import { startupProblem } from './platform/startup-errors.ts';

/**
 * The `trato` command: the program and one registration per command group (src/cli-*.ts). The order of
 * the lines is the order `trato --help` lists the commands in.
 */
export function buildCli(): Command {
  const program = speakPortuguese(
    new Command('trato')
      .description('Trato — cobrança e renegociação humanizada de dívidas')
      .showHelpAfterError(),
  );

  registerServerCommands(program); // serve, worker, migrate
  registerTokenCommands(program); // token create | list | revoke
  registerCreditorCommands(program); // creditors list
  registerPortfolioCommands(program); // import, demo
  registerIndexCommands(program); // indexes update | load
  registerDailyRunCommand(program); // run
  registerBalanceCommand(program); // balance
  registerPaymentCommands(program, () => systemClock.today()); // pix, boleto, simulator
  registerSettingsCommands(program, { dataDirOption, configFrom, withRuntime, cliPrincipal }); // settings limits
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof AppError) {
      process.stderr.write(`erro: ${error.message}\n`);
      const errors =
        (error.extra.errors as { line?: number; field?: string; message: string }[] | undefined) ?? [];
      for (const e of errors.slice(0, 50))
        process.stderr.write(
          `  ${e.line ? `linha ${e.line}: ` : e.field ? `${e.field}: ` : ''}${e.message}\n`,
        );
      process.exitCode = 2;
      return;
    }
    // The database missing or unreachable, the port taken: one line saying what to do, no stack trace.
    const problem = startupProblem(error, { databaseUrl: process.env.DATABASE_URL, port: portOf(argv) });
    if (problem) {
      process.stderr.write(`erro: ${problem}\n`);
      // Exit now: what did start (the job queue's timers) was closed but may keep the loop alive.
      process.exit(1);
    }
    throw error;
  }
}

function portOf(argv: string[]): number | undefined {
  const i = argv.indexOf('--port');
  const raw = i >= 0 ? argv[i + 1] : process.env.PORT;
  return raw ? Number(raw) : undefined;
}
