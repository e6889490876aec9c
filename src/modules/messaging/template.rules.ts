import { escapeHtml } from '../../platform/document.ts';
import { checkTone, type ToneFinding } from './tone.rules.ts';

/**
 * Message templates: `{{variavel}}` placeholders from a closed registry, validation against the law,
 * and rendering per channel.
 *
 * The two legal rules every template obeys:
 * - Never reveal a debt to a third party (LGPD, art. 7 X as the basis of collection and art. 6 III
 *   necessity; CDC art. 42). A template that uses a sensitive variable also carries a discreet version
 *   without any, and the discreet version is what goes to a contact whose identity is not verified.
 * - Every collection document identifies the creditor (CDC art. 42-A). A message that shows amounts
 *   (`valor_*`, `desconto`) names `{{credor}}` in its body. The CNPJ and address are required by the
 *   same article; for e-mail and letter their absence is a warning (the link to the portal carries the
 *   complete identification, and short channels such as SMS have no room for it).
 */

export type Channel = 'email' | 'sms' | 'whatsapp' | 'letter' | 'phone';

export const CHANNELS: readonly Channel[] = ['email', 'sms', 'whatsapp', 'letter', 'phone'];

export interface VariableSpec {
  /** True when the value tells something about the debt or identifies the person beyond a greeting. */
  sensitive: boolean;
  description: string;
}

/**
 * The closed registry of template variables. Sensitive ones never appear in a discreet version.
 *
 * - `nome` is the full name as registered: sensitive. A discreet message may reach a wrong number or a
 *   shared phone; the first name is enough to greet, and the full name next to the sender's brand ties
 *   the person to a collection contact (data minimisation, LGPD art. 6 III).
 * - `primeiro_nome`, `agencia`, `link` are not sensitive: a first name and the sender's brand say
 *   nothing about a debt, and the link is signed and opaque (details open only after identity checks).
 */
export const VARIABLES: Record<string, VariableSpec> = {
  nome: { sensitive: true, description: 'Nome completo da pessoa, como consta no cadastro' },
  primeiro_nome: { sensitive: false, description: 'Primeiro nome da pessoa (para a saudação)' },
  link: {
    sensitive: false,
    description:
      'Link assinado e opaco para o portal; os detalhes só aparecem após a verificação de identidade',
  },
  agencia: { sensitive: false, description: 'Nome da assessoria de cobrança que envia a mensagem' },
  codigo_verificacao: {
    sensitive: false,
    description:
      'Código de verificação desta mensagem ou carta: no portal, qualquer pessoa confere quem a enviou (sem detalhe da dívida)',
  },
  agencia_contato: {
    sensitive: false,
    description: 'Canal de atendimento da assessoria (telefone, WhatsApp ou site)',
  },
  valor_total: { sensitive: true, description: 'Valor total em aberto, formatado (ex.: R$ 1.234,56)' },
  valor_parcela: { sensitive: true, description: 'Valor da parcela, formatado (ex.: R$ 150,00)' },
  valor_pago: { sensitive: true, description: 'Valor pago, formatado (recibos)' },
  vencimento: { sensitive: true, description: 'Data de vencimento (dd/mm/aaaa)' },
  data_pagamento: { sensitive: true, description: 'Data do pagamento (dd/mm/aaaa)' },
  credor: { sensitive: true, description: 'Nome do credor (CDC art. 42-A)' },
  credor_cnpj: { sensitive: true, description: 'CNPJ (ou CPF) do credor (CDC art. 42-A)' },
  credor_endereco: { sensitive: true, description: 'Endereço do credor (CDC art. 42-A)' },
  credor_documento: {
    sensitive: true,
    description:
      'CPF ou CNPJ do credor com o rótulo (ex.: "CNPJ 11.222.333/0001-81"; CDC art. 42-A aceita os dois)',
  },
  detalhamento: {
    sensitive: true,
    description:
      'Valor original e cada acréscimo (correção, multa, juros, honorários) e o total; obrigatório nas cobranças para RJ, PR e PE',
  },
  descricao_divida: { sensitive: true, description: 'Descrição da dívida (produto, contrato)' },
  quantidade_dividas: { sensitive: true, description: 'Quantidade de dívidas em aberto' },
  numero_parcela: { sensitive: true, description: 'Número da parcela do acordo' },
  total_parcelas: { sensitive: true, description: 'Quantidade de parcelas do acordo' },
  desconto: { sensitive: true, description: 'Desconto oferecido, já formatado (ex.: R$ 120,00 ou 30%)' },
};

/** Variables that show an amount: a message with any of them names the creditor (CDC art. 42-A). */
export function isAmountVariable(name: string): boolean {
  return name.startsWith('valor_') || name === 'desconto';
}

function isKnown(name: string): boolean {
  return Object.hasOwn(VARIABLES, name);
}

/** Unknown variables are treated as sensitive: what is not registered is not known to be safe. */
function isSensitive(name: string): boolean {
  return !isKnown(name) || VARIABLES[name]!.sensitive;
}

export interface TemplateContent {
  /** E-mail subject (e-mail only). */
  subject?: string;
  /** The full message. WhatsApp: the approved template text, variables in order. */
  body: string;
  /** Subject of the discreet version (e-mail only). */
  discreetSubject?: string;
  /** The discreet version: no sensitive variable, for contacts whose identity is not verified. */
  discreetBody?: string;
}

// ---------------------------------------------------------------------------------------------------
// Parsing

type Token = { kind: 'text'; text: string } | { kind: 'var'; name: string };

const NAME_RE = /^[a-z][a-z0-9_]*$/;

function parse(text: string): { tokens: Token[]; errors: string[] } {
  const tokens: Token[] = [];
  const errors: string[] = [];
  let buffer = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '{' && text[i + 1] === '{') {
      const close = text.indexOf('}}', i + 2);
      const nextOpen = text.indexOf('{{', i + 2);
      if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
        errors.push(`"{{" sem "}}" correspondente perto de "${text.slice(i, i + 20)}".`);
        buffer += '{{';
        i += 2;
        continue;
      }
      const inner = text.slice(i + 2, close);
      const name = inner.trim();
      if (!NAME_RE.test(name)) {
        errors.push(`Nome de variável inválido: "{{${inner}}}" (use letras minúsculas, números e _).`);
      } else {
        if (buffer) tokens.push({ kind: 'text', text: buffer });
        buffer = '';
        tokens.push({ kind: 'var', name });
      }
      i = close + 2;
      continue;
    }
    if (ch === '{' || ch === '}') {
      errors.push(
        ch === '}' && text[i + 1] === '}'
          ? `"}}" sem "{{" correspondente perto de "${text.slice(Math.max(0, i - 15), i + 2)}".`
          : `Chave "${ch}" solta perto de "${text.slice(Math.max(0, i - 10), i + 10)}": variáveis usam {{nome}}.`,
      );
      i += ch === '}' && text[i + 1] === '}' ? 2 : 1;
      continue;
    }
    buffer += ch;
    i += 1;
  }
  if (buffer) tokens.push({ kind: 'text', text: buffer });
  return { tokens, errors };
}

function occurrences(text: string): string[] {
  return parse(text)
    .tokens.filter((t): t is { kind: 'var'; name: string } => t.kind === 'var')
    .map((t) => t.name);
}

/** The variables a text uses, each once, in order of first appearance (malformed placeholders skipped). */
export function usedVariables(text: string): string[] {
  return [...new Set(occurrences(text))];
}

// ---------------------------------------------------------------------------------------------------
// Validation

export interface TemplateIssue {
  field: string;
  message: string;
}

export interface TemplateValidation {
  ok: boolean;
  errors: TemplateIssue[];
  /** Advice that does not block saving (e.g. SMS length, CNPJ/address on e-mail and letter). */
  warnings: TemplateIssue[];
  /** Tone findings on every text field; any finding makes `ok` false. */
  findings: (ToneFinding & { field: string })[];
}

/** WhatsApp Cloud API: the body of a template holds at most 1,024 characters. */
export const WHATSAPP_BODY_MAX = 1024;

const TEXT_FIELDS = ['subject', 'body', 'discreetSubject', 'discreetBody'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

const hasSubject = (channel: Channel) => channel === 'email';

export function validateTemplate(input: { channel: Channel; content: TemplateContent }): TemplateValidation {
  const { channel, content } = input;
  const errors: TemplateIssue[] = [];
  const warnings: TemplateIssue[] = [];
  const findings: (ToneFinding & { field: string })[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });

  if (!CHANNELS.includes(channel)) err('channel', `Canal desconhecido: "${String(channel)}".`);
  if (typeof content?.body !== 'string' || content.body.trim() === '') {
    err('body', 'O texto da mensagem é obrigatório.');
  }
  if (hasSubject(channel) && !content?.subject?.trim()) err('subject', 'O e-mail precisa de um assunto.');

  const present = TEXT_FIELDS.filter((f) => typeof content?.[f] === 'string' && content[f]!.trim() !== '');
  const used: Partial<Record<TextField, string[]>> = {};
  for (const field of present) {
    const text = content[field]!;
    if (!hasSubject(channel) && (field === 'subject' || field === 'discreetSubject')) {
      warnings.push({ field, message: `O canal ${channel} não tem assunto: este campo é ignorado.` });
    }
    const parsed = parse(text);
    for (const message of parsed.errors) err(field, message);
    const names = usedVariables(text);
    used[field] = names;
    for (const name of names) {
      if (!isKnown(name)) err(field, `Variável desconhecida: {{${name}}}.`);
    }
    for (const f of checkTone(text).findings) findings.push({ ...f, field });
  }

  // Never reveal the debt to a third party (LGPD; CDC art. 42).
  const full = [...(used.subject ?? []), ...(used.body ?? [])];
  const fullSensitive = full.filter((n) => isKnown(n) && isSensitive(n));
  if (fullSensitive.length > 0) {
    const list = [...new Set(fullSensitive)].map((n) => `{{${n}}}`).join(', ');
    if (!present.includes('discreetBody')) {
      err(
        'discreetBody',
        `O modelo usa dados da dívida ou da pessoa (${list}): inclua uma versão discreta, sem eles, para ` +
          'contatos cuja identidade não foi verificada (LGPD; CDC art. 42).',
      );
    }
    if (hasSubject(channel) && !present.includes('discreetSubject')) {
      err(
        'discreetSubject',
        'O e-mail com dados da dívida precisa de um assunto discreto, sem eles (LGPD; CDC art. 42).',
      );
    }
  }
  for (const field of ['discreetSubject', 'discreetBody'] as const) {
    for (const name of used[field] ?? []) {
      if (isKnown(name) && isSensitive(name)) {
        err(
          field,
          `A versão discreta não pode usar {{${name}}}: ela vai para contatos não verificados e nunca revela ` +
            'a dívida a terceiros (LGPD; CDC art. 42).',
        );
      }
    }
  }

  // Identify the creditor where amounts are shown (CDC art. 42-A).
  if (full.some(isAmountVariable)) {
    const body = used.body ?? [];
    if (!body.includes('credor')) {
      err('body', 'Mensagem que mostra valores deve identificar o credor com {{credor}} (CDC art. 42-A).');
    }
    if (
      (channel === 'email' || channel === 'letter') &&
      !(
        (body.includes('credor_cnpj') || body.includes('credor_documento')) &&
        body.includes('credor_endereco')
      )
    ) {
      warnings.push({
        field: 'body',
        message:
          'Documento de cobrança: inclua também {{credor_documento}} (ou {{credor_cnpj}}) e {{credor_endereco}} (CDC art. 42-A).',
      });
    }
  }

  if (channel === 'whatsapp') {
    for (const field of ['body', 'discreetBody'] as const) {
      if (!present.includes(field)) continue;
      for (const message of whatsappProblems(content[field]!)) err(field, message);
    }
  }
  if (channel === 'sms') {
    for (const field of ['body', 'discreetBody'] as const) {
      if (!present.includes(field)) continue;
      const fixed = parse(content[field]!)
        .tokens.map((t) => (t.kind === 'text' ? t.text : ''))
        .join('');
      const info = smsInfo(fixed);
      if (info.segments > 3) {
        warnings.push({
          field,
          message: `Só o texto fixo já ocupa ${info.segments} partes de SMS (${info.encoding}); cada parte é cobrada.`,
        });
      }
    }
  }

  return { ok: errors.length === 0 && findings.length === 0, errors, warnings, findings };
}

/** Meta refuses templates that start or end with a variable, or with two variables side by side. */
function whatsappProblems(text: string): string[] {
  const problems: string[] = [];
  if (text.length > WHATSAPP_BODY_MAX) {
    problems.push(`O texto do WhatsApp tem ${text.length} caracteres; o limite é ${WHATSAPP_BODY_MAX}.`);
  }
  const tokens = parse(text).tokens.filter((t) => t.kind === 'var' || t.text.trim() !== '');
  if (tokens[0]?.kind === 'var') problems.push('O texto do WhatsApp não pode começar com uma variável.');
  if (tokens.at(-1)?.kind === 'var') problems.push('O texto do WhatsApp não pode terminar com uma variável.');
  const raw = parse(text).tokens;
  for (let i = 1; i < raw.length; i += 1) {
    const prev = raw[i - 1]!;
    const cur = raw[i]!;
    const between = raw[i + 1];
    if (prev.kind === 'var' && cur.kind === 'var') {
      problems.push(`Variáveis {{${prev.name}}} e {{${cur.name}}} lado a lado: separe-as com texto.`);
    } else if (
      prev.kind === 'var' &&
      cur.kind === 'text' &&
      cur.text.trim() === '' &&
      between?.kind === 'var'
    ) {
      problems.push(`Variáveis {{${prev.name}}} e {{${between.name}}} lado a lado: separe-as com texto.`);
    }
  }
  return problems;
}

/** The Meta template text for a body: each occurrence becomes a positional `{{1}}`, `{{2}}`, ... */
export function whatsappTemplateText(body: string): string {
  let n = 0;
  return parse(body)
    .tokens.map((t) => {
      if (t.kind === 'text') return t.text;
      n += 1;
      return `{{${n}}}`;
    })
    .join('');
}

// ---------------------------------------------------------------------------------------------------
// SMS: GSM 03.38 (3GPP TS 23.038) default alphabet or UCS-2

const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** Extension table: each costs two septets (escape + character). */
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

export interface SmsInfo {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7, extension characters count 2) or UTF-16 code units (UCS-2). */
  length: number;
  segments: number;
}

/**
 * Encoding, length and parts of an SMS. A single message holds 160 GSM-7 septets or 70 UCS-2 units; a
 * concatenated one loses room to its header: 153 and 67 per part. A character is never split between
 * parts (neither an escape pair nor a surrogate pair), as senders do.
 */
export function smsInfo(text: string): SmsInfo {
  const chars = [...text];
  const gsm = chars.every((c) => GSM_BASIC.has(c) || GSM_EXTENSION.has(c));
  const costs = chars.map((c) => (gsm ? (GSM_EXTENSION.has(c) ? 2 : 1) : c.length));
  const length = costs.reduce((a, b) => a + b, 0);
  const single = gsm ? 160 : 70;
  const part = gsm ? 153 : 67;
  if (length === 0) return { encoding: gsm ? 'GSM-7' : 'UCS-2', length, segments: 0 };
  if (length <= single) return { encoding: gsm ? 'GSM-7' : 'UCS-2', length, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > part) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', length, segments };
}

// ---------------------------------------------------------------------------------------------------
// Rendering

export interface RenderedMessage {
  /** 'full' shows the debt (identity verified); 'discreet' carries nothing about it. */
  mode: 'full' | 'discreet';
  subject?: string;
  text: string;
  html?: string;
  sms?: SmsInfo;
  whatsapp?: { parameters: string[] };
}

export function renderTemplate(
  t: { channel: Channel; content: TemplateContent },
  vars: Record<string, string>,
  opts: {
    identityVerified: boolean;
    /**
     * A last paragraph added to e-mails and letters (e.g. the verification code that the portal's "é
     * mesmo da gente?" page checks). Never sensitive: it is printed on discreet versions too.
     */
    footer?: string;
  },
): RenderedMessage {
  const { channel, content } = t;
  let mode: RenderedMessage['mode'];
  let body: string;
  let subject: string | undefined;
  const subjectOn = hasSubject(channel);
  const sensitiveIn = (text: string | undefined) => (text ? usedVariables(text).filter(isSensitive) : []);

  if (opts.identityVerified) {
    mode = 'full';
    body = content.body;
    subject = subjectOn ? content.subject : undefined;
  } else {
    // Not verified: whatever is sent must say nothing about the debt (LGPD; CDC art. 42).
    mode = 'discreet';
    const hasDiscreet = !!content.discreetBody?.trim();
    body = hasDiscreet ? content.discreetBody! : content.body;
    subject = subjectOn
      ? content.discreetSubject?.trim()
        ? content.discreetSubject
        : content.subject
      : undefined;
    const leaking = [...sensitiveIn(body), ...sensitiveIn(subject)];
    if (leaking.length > 0) {
      throw new Error(
        `O modelo não tem versão discreta sem dados da dívida (${[...new Set(leaking)].map((n) => `{{${n}}}`).join(', ')}) ` +
          'e a identidade do contato não foi verificada: a mensagem não pode ser enviada (LGPD; CDC art. 42).',
      );
    }
  }

  const whatsapp = channel === 'whatsapp';
  const missing = new Set<string>();
  const parameters: string[] = [];
  const fill = (text: string, collect: boolean): string => {
    const parsed = parse(text);
    if (parsed.errors.length > 0) throw new Error(`Modelo inválido: ${parsed.errors.join(' ')}`);
    return parsed.tokens
      .map((tok) => {
        if (tok.kind === 'text') return tok.text;
        const raw = Object.hasOwn(vars, tok.name) ? vars[tok.name] : undefined;
        if (typeof raw !== 'string' || raw.trim() === '') {
          missing.add(tok.name);
          return '';
        }
        // Cloud API parameters may not hold new lines, tabs or runs of spaces.
        const value = whatsapp ? raw.replace(/\s+/g, ' ').trim() : raw;
        if (collect) parameters.push(value);
        return value;
      })
      .join('');
  };
  const filled = fill(body, whatsapp);
  const text =
    opts.footer && (channel === 'email' || channel === 'letter')
      ? `${filled.trimEnd()}\n\n${opts.footer}`
      : filled;
  const renderedSubject = subject?.trim()
    ? fill(subject, false)
        .replace(/[\r\n]+/g, ' ')
        .trim()
    : undefined;
  if (missing.size > 0) {
    throw new RangeError(
      `Falta o valor de ${[...missing].map((n) => `{{${n}}}`).join(', ')}: a mensagem não é enviada com variáveis em branco.`,
    );
  }

  const out: RenderedMessage = { mode, text };
  if (renderedSubject !== undefined) out.subject = renderedSubject;
  if (channel === 'email') out.html = emailHtml(text, renderedSubject ?? '');
  if (channel === 'sms') out.sms = smsInfo(text);
  if (whatsapp) out.whatsapp = { parameters };
  return out;
}

// ---------------------------------------------------------------------------------------------------
// E-mail HTML

const URL_RE = /\bhttps?:\/\/[^\s<>"]+/g;

/** Clickable http(s) links in already escaped text; trailing punctuation stays outside the link. */
function linkify(escaped: string): string {
  return escaped.replace(URL_RE, (url) => {
    const trail = /(?:[.,;:!?)\]]|&#39;|&quot;)+$/.exec(url)?.[0] ?? '';
    const href = url.slice(0, url.length - trail.length);
    return `<a href="${href}">${href}</a>${trail}`;
  });
}

/**
 * A simple, accessible HTML version of the plain text: language set, a title, one paragraph per block
 * separated by a blank line, line breaks kept, links clickable, readable size and contrast.
 */
function emailHtml(text: string, subject: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p style="margin:0 0 16px 0">${linkify(escapeHtml(p)).replace(/\n/g, '<br>\n')}</p>`);
  return [
    '<!DOCTYPE html>',
    '<html lang="pt-BR">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    '<body style="margin:0;padding:24px;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">',
    `<div role="article" aria-label="${escapeHtml(subject)}" lang="pt-BR" style="max-width:600px">`,
    ...paragraphs,
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}
