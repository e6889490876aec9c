import { type Command, Option } from 'commander';
import {
  bankName,
  decodeBrCode,
  formatLinhaDigitavel,
  parseBoleto,
  parseCampoLivre,
} from './modules/payments/index.ts';
import { formatDatePtBr } from './platform/dates.ts';
import { formatBRL } from './platform/money.ts';
import { startMessagingSimulator } from './simulators/messaging-simulator.ts';
import { startPspSimulator } from './simulators/psp-simulator.ts';

/**
 * Tools for what people paste: `trato pix decode` and `trato boleto parse` print the decoded fields,
 * or every error with its position (exit code 1); `trato simulator psp|messaging` run the local
 * stand-ins of the PSP and of the SMS/WhatsApp providers.
 */
export function registerPaymentCommands(program: Command, today: () => string): void {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const pix = program.command('pix').description('Pix: ferramentas de BR Code');
  pix
    .command('decode')
    .description('decodifica e valida um BR Code (Pix copia e cola): estrutura TLV, tamanhos, CRC')
    .argument('<payload>', 'o BR Code (entre aspas)')
    .option('--json', 'saída em JSON')
    .action((payload: string, opts: { json?: boolean }) => {
      const r = decodeBrCode(payload);
      if (opts.json) out(JSON.stringify(r, null, 2));
      if (!r.ok) {
        if (!opts.json) {
          out(`BR Code inválido (${r.errors.length} erro(s)):`);
          for (const e of r.errors)
            out(`  posição ${e.position}${e.tag ? ` (campo ${e.tag})` : ''}: ${e.message}`);
        }
        process.exitCode = 1;
        return;
      }
      if (opts.json) return;
      const v = r.value;
      out(`BR Code válido (${v.kind === 'dynamic' ? 'dinâmico' : 'estático'}), CRC ${v.crc}`);
      if (v.key) out(`  chave:      ${v.key}${v.keyKind ? ` (${v.keyKind})` : ''}`);
      if (v.url) out(`  location:   ${v.url}`);
      out(`  recebedor:  ${v.receiverName}`);
      out(`  cidade:     ${v.city}`);
      out(`  valor:      ${v.amountCents !== undefined ? formatBRL(v.amountCents) : '(o pagador informa)'}`);
      out(`  txid:       ${v.txid}`);
      if (v.description) out(`  descrição:  ${v.description}`);
    });

  const boleto = program
    .command('boleto')
    .description('boleto: ferramentas de linha digitável e código de barras');
  boleto
    .command('parse')
    .description(
      'valida uma linha digitável (47 dígitos) ou código de barras (44): dígitos verificadores, vencimento, valor',
    )
    .argument('<line>', 'linha digitável ou código de barras (com ou sem pontos e espaços)')
    .option('--date <date>', 'data de referência para o fator de vencimento (AAAA-MM-DD); padrão: hoje')
    .option('--json', 'saída em JSON')
    .action((line: string, opts: { date?: string; json?: boolean }) => {
      const r = parseBoleto(line, opts.date ?? today());
      if (opts.json) out(JSON.stringify(r, null, 2));
      if (!r.ok) {
        if (!opts.json) {
          out(`Boleto inválido (${r.errors.length} erro(s)):`);
          for (const e of r.errors) out(`  posição ${e.position}: ${e.message}`);
        }
        process.exitCode = 1;
        return;
      }
      if (opts.json) return;
      const v = r.value;
      out('Boleto válido');
      out(`  banco:            ${v.bankCode}${bankName(v.bankCode) ? ` (${bankName(v.bankCode)})` : ''}`);
      out(`  linha digitável:  ${formatLinhaDigitavel(v.linhaDigitavel)}`);
      out(`  código de barras: ${v.barcode}`);
      out(
        `  vencimento:       ${v.dueDate ? formatDatePtBr(v.dueDate) : '(sem vencimento)'} (fator ${v.dueDateFactor})`,
      );
      out(`  valor:            ${v.amountCents > 0 ? formatBRL(v.amountCents) : '(o pagador informa)'}`);
      const fields = parseCampoLivre(v.bankCode, v.campoLivre);
      if (fields) {
        for (const [k, value] of Object.entries(fields))
          if (value !== null) out(`  ${k.padEnd(17)} ${value}`);
      } else out(`  campo livre:      ${v.campoLivre}`);
    });

  const simulator = program.command('simulator').description('simuladores locais de serviços externos');
  simulator
    .command('psp')
    .description(
      'PSP Pix local (subconjunto da API Pix v2: /oauth/token, /v2/cob, /v2/webhook) para desenvolvimento',
    )
    .option('--port <port>', 'porta', '8787')
    .option('--client-id <id>', 'client_id aceito', 'trato')
    .option('--client-secret <secret>', 'client_secret aceito', 'trato-simulador')
    .option(
      '--webhook-url <url>',
      'URL base do webhook (o simulador chama {url}/pix), ex.: http://127.0.0.1:3000/api/v1/webhooks',
    )
    .option('--webhook-secret <secret>', 'enviado em X-Webhook-Secret')
    .action(
      async (opts: {
        port: string;
        clientId: string;
        clientSecret: string;
        webhookUrl?: string;
        webhookSecret?: string;
      }) => {
        const sim = await startPspSimulator({
          port: Number(opts.port),
          clientId: opts.clientId,
          clientSecret: opts.clientSecret,
          ...(opts.webhookSecret ? { webhookSecret: opts.webhookSecret } : {}),
        });
        if (opts.webhookUrl) sim.setWebhook(opts.webhookUrl);
        out(`Simulador de PSP Pix em ${sim.url} (client_id ${opts.clientId}).`);
        out(`Pagar uma cobrança: curl -X POST ${sim.url}/sim/cob/TXID/pay`);
        const stop = async () => {
          await sim.close();
          process.exit(0);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      },
    );
  simulator
    .command('messaging')
    .description(
      'provedores de SMS (API Zenvia v2) e WhatsApp (Cloud API) locais, com callbacks de status e respostas',
    )
    .option('--port <port>', 'porta', '8788')
    .option('--webhook-base <url>', 'base dos webhooks do Trato, ex.: http://127.0.0.1:3000/api/v1/webhooks')
    .option('--auto-deliver', 'confirma entrega (sent, delivered) de cada mensagem aceita')
    .addOption(
      new Option('--sms-webhook-secret <s>', 'enviado em X-Webhook-Secret nos callbacks de SMS').env(
        'TRATO_SMS_WEBHOOK_SECRET',
      ),
    )
    .addOption(
      new Option('--whatsapp-app-secret <s>', 'assina os callbacks de WhatsApp (X-Hub-Signature-256)').env(
        'TRATO_WHATSAPP_APP_SECRET',
      ),
    )
    .action(
      async (opts: {
        port: string;
        webhookBase?: string;
        autoDeliver?: boolean;
        smsWebhookSecret?: string;
        whatsappAppSecret?: string;
      }) => {
        // The Trato webhooks refuse unsigned callbacks, in development too: the simulator signs with
        // the secrets it is given (the same TRATO_* variables the server reads, or the flags).
        const sim = await startMessagingSimulator({
          port: Number(opts.port),
          ...(opts.webhookBase ? { webhookBaseUrl: opts.webhookBase } : {}),
          ...(opts.autoDeliver ? { autoDeliver: true } : {}),
          ...(opts.smsWebhookSecret ? { smsWebhookSecret: opts.smsWebhookSecret } : {}),
          ...(opts.whatsappAppSecret ? { whatsappAppSecret: opts.whatsappAppSecret } : {}),
        });
        out(`Simulador de SMS/WhatsApp em ${sim.url}.`);
        out(
          `  TRATO_SMS_URL=${sim.url} TRATO_SMS_TOKEN=dev TRATO_WHATSAPP_URL=${sim.url} TRATO_WHATSAPP_PHONE_ID=123 TRATO_WHATSAPP_TOKEN=dev`,
        );
        for (const [flag, name, value] of [
          ['--sms-webhook-secret', 'TRATO_SMS_WEBHOOK_SECRET', opts.smsWebhookSecret],
          ['--whatsapp-app-secret', 'TRATO_WHATSAPP_APP_SECRET', opts.whatsappAppSecret],
        ] as const) {
          out(
            value
              ? `  callbacks assinados: use o mesmo ${name} no servidor`
              : `  sem ${flag} (ou ${name}): o servidor recusará estes callbacks`,
          );
        }
        out(`Mensagens recebidas: curl ${sim.url}/sim/messages`);
        const stop = async () => {
          await sim.close();
          process.exit(0);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      },
    );
}
