import { describe, expect, it } from 'vitest';
import { formatDatePtBr } from '../../platform/dates.ts';
import { formatBRL } from '../../platform/money.ts';
import { DEFAULT_TEMPLATES } from './default-templates.ts';
import {
  type Channel,
  renderTemplate,
  smsInfo,
  type TemplateContent,
  usedVariables,
  VARIABLES,
  validateTemplate,
  whatsappTemplateText,
} from './template.rules.ts';
import { checkTone } from './tone.rules.ts';

const VARS: Record<string, string> = {
  nome: 'Maria Aparecida da Silva',
  primeiro_nome: 'Maria',
  link: 'https://trato.app/l/eyJwIjoicG9ydGFsIn0.c2ln',
  agencia: 'Trato Cobranças',
  agencia_contato: '(11) 4000-0000',
  credor: 'Loja Exemplo S.A.',
  credor_cnpj: '12.345.678/0001-95',
  credor_endereco: 'Rua das Flores, 100, São Paulo/SP',
  credor_documento: 'CNPJ 12.345.678/0001-95',
  detalhamento: 'Valor original R$ 1.000,00 + multa R$ 20,00 + juros R$ 30,00 = total R$ 1.050,00',
  valor_total: formatBRL(123456),
  valor_parcela: formatBRL(15000),
  valor_pago: formatBRL(15000),
  vencimento: formatDatePtBr('2026-12-10'),
  data_pagamento: formatDatePtBr('2026-12-09'),
  descricao_divida: 'cartão de crédito',
  quantidade_dividas: '1',
  numero_parcela: '3',
  total_parcelas: '12',
  desconto: '30%',
};

const SENSITIVE_VALUES = Object.entries(VARIABLES)
  .filter(([, spec]) => spec.sensitive)
  .map(([name]) => VARS[name]!)
  .filter((v) => v.length > 2);

const OPT_OUT = 'Responda SAIR para não receber mais mensagens por este canal.';

const v = (channel: Channel, content: TemplateContent) => validateTemplate({ channel, content });
const fields = (r: ReturnType<typeof validateTemplate>) => r.errors.map((e) => e.field);

describe('usedVariables', () => {
  it('lists each variable once, in order of first appearance, spaces inside braces allowed', () => {
    expect(usedVariables('Olá, {{nome}}! {{ primeiro_nome }} e {{nome}} e {{  link  }}.')).toEqual([
      'nome',
      'primeiro_nome',
      'link',
    ]);
  });

  it('is empty for plain text and skips malformed placeholders', () => {
    expect(usedVariables('')).toEqual([]);
    expect(usedVariables('Sem variáveis.')).toEqual([]);
    expect(usedVariables('{{ valor total }} {{link}} {nome}')).toEqual(['link']);
  });
});

describe('validateTemplate', () => {
  const discreet =
    'Olá, {{primeiro_nome}}. A equipe {{agencia}} tem uma mensagem para você: {{link}}. Obrigado.';

  it('accepts a template with no sensitive variable and no discreet version', () => {
    const r = v('sms', { body: `Olá, {{primeiro_nome}}. Acesse {{link}}. ${OPT_OUT}` });
    expect(r).toEqual({ ok: true, errors: [], warnings: [], findings: [] });
  });

  it('requires a body, and a subject on e-mail', () => {
    expect(fields(v('sms', { body: '  ' }))).toEqual(['body']);
    expect(fields(v('email', { body: 'Olá.' }))).toEqual(['subject']);
  });

  it('refuses an unknown channel', () => {
    expect(fields(v('fax' as Channel, { body: 'Olá.' }))).toEqual(['channel']);
  });

  it('refuses unknown variables, naming them', () => {
    const r = v('sms', { body: 'Olá, {{apelido}} e {{constructor}}.' });
    expect(r.ok).toBe(false);
    expect(r.errors).toHaveLength(2);
    expect(r.errors[0]).toMatchObject({ field: 'body' });
    expect(r.errors[0]!.message).toContain('apelido');
    expect(r.errors[1]!.message).toContain('constructor');
  });

  it.each([
    ['Olá, {{nome', 'opening without closing'],
    ['Olá, nome}}', 'closing without opening'],
    ['Olá, {nome}', 'single braces'],
    ['Olá, {{{nome}}}', 'triple braces'],
    ['Olá, {{}}', 'empty name'],
    ['Olá, {{valor total}}', 'space in the name'],
    ['Olá, {{nome {{link}}', 'nested opening'],
  ])('refuses unbalanced or malformed braces: %j (%s)', (body) => {
    const r = v('sms', { body });
    expect(r.ok).toBe(false);
    expect(fields(r)).toContain('body');
  });

  it('requires a discreet version when a sensitive variable is used (LGPD; CDC art. 42)', () => {
    const r = v('sms', {
      body: 'Olá, {{primeiro_nome}}. Sua parcela de {{credor}} vence em {{vencimento}}.',
    });
    expect(fields(r)).toEqual(['discreetBody']);
    expect(r.errors[0]!.message).toContain('{{credor}}');
    expect(r.errors[0]!.message).toContain('{{vencimento}}');
    expect(v('sms', { body: 'Olá, {{nome}}.' }).errors[0]!.field).toBe('discreetBody');
  });

  it('e-mail with sensitive variables also needs a discreet subject', () => {
    const r = v('email', {
      subject: 'Sua parcela com {{credor}}',
      body: 'Olá. Parcela com {{credor}}.',
      discreetBody: discreet,
    });
    expect(fields(r)).toEqual(['discreetSubject']);
  });

  it('the discreet version may not use any sensitive variable', () => {
    const r = v('email', {
      subject: 'Aviso de {{credor}}',
      body: 'Olá. Mensagem de {{credor}}.',
      discreetSubject: 'Mensagem sobre {{descricao_divida}}',
      discreetBody: 'Olá, {{nome}}. Valor: {{valor_total}}.',
    });
    expect(r.errors.map((e) => [e.field, e.message.match(/\{\{(\w+)\}\}/)?.[1]])).toEqual([
      ['discreetSubject', 'descricao_divida'],
      ['discreetBody', 'nome'],
      ['discreetBody', 'valor_total'],
    ]);
  });

  it('a message that shows amounts names the creditor (CDC art. 42-A)', () => {
    const r = v('sms', {
      body: 'Olá. Sua parcela de {{valor_parcela}} vence amanhã.',
      discreetBody: discreet,
    });
    expect(fields(r)).toEqual(['body']);
    expect(r.errors[0]!.message).toContain('{{credor}}');
    expect(r.errors[0]!.message).toContain('42-A');
    expect(v('sms', { body: 'Desconto de {{desconto}} hoje.', discreetBody: discreet }).errors).toHaveLength(
      1,
    );
    expect(
      v('sms', { body: 'Parcela de {{valor_parcela}} com {{credor}}.', discreetBody: discreet }).errors,
    ).toEqual([]);
  });

  it('an amount in the e-mail subject also requires the creditor in the body', () => {
    const r = v('email', {
      subject: 'Parcela de {{valor_parcela}}',
      body: 'Olá, {{primeiro_nome}}.',
      discreetSubject: 'Mensagem',
      discreetBody: discreet,
    });
    expect(fields(r)).toEqual(['body']);
  });

  it('warns (does not refuse) when an e-mail with amounts lacks the CNPJ and address', () => {
    const r = v('email', {
      subject: 'Parcela com {{credor}}',
      body: 'Parcela de {{valor_parcela}} com {{credor}}.',
      discreetSubject: 'Mensagem',
      discreetBody: discreet,
    });
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.message).join()).toContain('{{credor_cnpj}}');
  });

  it('runs the tone check on every text field and reports the field', () => {
    const r = v('email', {
      subject: 'Último aviso antes de medidas drásticas',
      body: 'Olá, {{primeiro_nome}}. Parcela com {{credor}}.',
      discreetSubject: 'Mensagem',
      discreetBody: 'Olá. Se não pagar, vamos ligar para sua família.',
    });
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => [f.field, f.category])).toEqual([
      ['subject', 'coercion'],
      ['discreetBody', 'exposure'],
    ]);
    expect(r.findings[1]!.phrase).toBe('ligar para sua família');
  });

  it('WhatsApp: no variable at the start or end, none side by side, at most 1,024 characters', () => {
    expect(v('whatsapp', { body: '{{primeiro_nome}}, olá.' }).errors[0]!.message).toContain('começar');
    expect(v('whatsapp', { body: 'Olá, {{primeiro_nome}}' }).errors[0]!.message).toContain('terminar');
    expect(v('whatsapp', { body: 'Olá, {{primeiro_nome}}{{agencia}} aqui.' }).errors[0]!.message).toContain(
      'lado a lado',
    );
    expect(v('whatsapp', { body: 'Olá, {{primeiro_nome}} {{agencia}} aqui.' }).errors).toHaveLength(1);
    expect(v('whatsapp', { body: `Olá. ${'a'.repeat(1100)}` }).errors[0]!.message).toContain('1024');
    expect(v('whatsapp', { body: 'Olá, {{primeiro_nome}}!' }).ok).toBe(true);
  });

  it('SMS: a long fixed text is a warning, not an error', () => {
    const r = v('sms', { body: `Olá, {{primeiro_nome}}. ${'ação '.repeat(60)}` });
    expect(r.ok).toBe(true);
    expect(r.warnings[0]!.field).toBe('body');
  });

  it('a subject on a channel without subjects is a warning', () => {
    const r = v('sms', { subject: 'Assunto', body: 'Olá.' });
    expect(r.ok).toBe(true);
    expect(r.warnings[0]!.field).toBe('subject');
  });
});

describe('renderTemplate', () => {
  const sms: { channel: Channel; content: TemplateContent } = {
    channel: 'sms',
    content: {
      body: 'Olá, {{primeiro_nome}}. Parcela de {{valor_parcela}} com {{credor}} vence {{vencimento}}. {{link}}',
      discreetBody: 'Olá, {{primeiro_nome}}. Mensagem da equipe {{agencia}}: {{link}}',
    },
  };

  it('renders the full version only when the identity is verified', () => {
    const full = renderTemplate(sms, VARS, { identityVerified: true });
    expect(full.mode).toBe('full');
    expect(full.text).toBe(
      `Olá, Maria. Parcela de R$ 150,00 com Loja Exemplo S.A. vence 10/12/2026. ${VARS.link}`,
    );
    const discreet = renderTemplate(sms, VARS, { identityVerified: false });
    expect(discreet.mode).toBe('discreet');
    expect(discreet.text).toBe(`Olá, Maria. Mensagem da equipe Trato Cobranças: ${VARS.link}`);
  });

  it('without a discreet version, an unverified contact gets the body only when it has nothing sensitive', () => {
    const plain = { channel: 'sms' as const, content: { body: 'Olá, {{primeiro_nome}}. {{link}}' } };
    expect(renderTemplate(plain, VARS, { identityVerified: false })).toMatchObject({
      mode: 'discreet',
      text: `Olá, Maria. ${VARS.link}`,
    });
    const leaky = { channel: 'sms' as const, content: { body: 'Dívida com {{credor}}.' } };
    expect(() => renderTemplate(leaky, VARS, { identityVerified: false })).toThrow(/versão discreta/);
    expect(renderTemplate(leaky, VARS, { identityVerified: true }).text).toBe(
      'Dívida com Loja Exemplo S.A..',
    );
  });

  it('never sends a blank variable: a missing or empty value throws a RangeError naming it', () => {
    const { credor: _c, ...noCreditor } = VARS;
    expect(() => renderTemplate(sms, noCreditor, { identityVerified: true })).toThrow(RangeError);
    expect(() => renderTemplate(sms, noCreditor, { identityVerified: true })).toThrow('{{credor}}');
    expect(() => renderTemplate(sms, { ...VARS, vencimento: ' ' }, { identityVerified: true })).toThrow(
      '{{vencimento}}',
    );
    // Only the version being sent needs values.
    expect(renderTemplate(sms, noCreditor, { identityVerified: false }).mode).toBe('discreet');
    try {
      renderTemplate(sms, { primeiro_nome: 'Ana' }, { identityVerified: true });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RangeError);
      for (const name of ['valor_parcela', 'credor', 'vencimento', 'link']) expect(String(e)).toContain(name);
    }
  });

  it('does not expand placeholders found inside values', () => {
    const r = renderTemplate(
      sms,
      { ...VARS, primeiro_nome: '{{valor_parcela}}' },
      { identityVerified: false },
    );
    expect(r.text).toContain('Olá, {{valor_parcela}}.');
  });

  it('refuses a malformed template', () => {
    expect(() =>
      renderTemplate({ channel: 'sms', content: { body: 'Olá {{nome' } }, VARS, { identityVerified: true }),
    ).toThrow(/Modelo inválido/);
  });

  it('SMS: reports encoding, length and parts of the rendered text', () => {
    const r = renderTemplate(sms, VARS, { identityVerified: false });
    expect(r.sms).toEqual(smsInfo(r.text));
    expect(r.html).toBeUndefined();
    expect(r.whatsapp).toBeUndefined();
  });

  describe('e-mail', () => {
    const email: { channel: Channel; content: TemplateContent } = {
      channel: 'email',
      content: {
        subject: 'Parcela com {{credor}}',
        body: 'Olá, {{primeiro_nome}}.\n\nSeu acordo com {{credor}}.\nAcesse: {{link}}.\n\n\nObrigado!',
        discreetSubject: 'Mensagem da equipe {{agencia}}',
        discreetBody: 'Olá, {{primeiro_nome}}.\n\nAcesse {{link}}',
      },
    };

    it('renders subject, plain text and an accessible HTML version', () => {
      const r = renderTemplate(email, VARS, { identityVerified: true });
      expect(r.subject).toBe('Parcela com Loja Exemplo S.A.');
      expect(r.text).toBe(
        `Olá, Maria.\n\nSeu acordo com Loja Exemplo S.A..\nAcesse: ${VARS.link}.\n\n\nObrigado!`,
      );
      const html = r.html!;
      expect(html).toContain('<html lang="pt-BR">');
      expect(html).toContain('<title>Parcela com Loja Exemplo S.A.</title>');
      expect(html).toContain('<meta charset="utf-8">');
      expect(html.match(/<p[ >]/g)).toHaveLength(3);
      expect(html).toContain('Seu acordo com Loja Exemplo S.A..<br>');
      expect(html).toContain(`<a href="${VARS.link}">${VARS.link}</a>.`);
      expect(r.sms).toBeUndefined();
    });

    it('escapes values and links safely', () => {
      const r = renderTemplate(
        email,
        { ...VARS, primeiro_nome: '<script>alert("x")</script>', link: 'https://a.b/x?p=1&q=2' },
        { identityVerified: true },
      );
      expect(r.text).toContain('<script>');
      expect(r.html).not.toContain('<script>');
      expect(r.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(r.html).toContain('<a href="https://a.b/x?p=1&amp;q=2">https://a.b/x?p=1&amp;q=2</a>');
    });

    it('uses the discreet subject for unverified contacts and keeps subjects on one line', () => {
      const r = renderTemplate(
        email,
        { ...VARS, agencia: 'Trato\r\nBcc: x@y.z' },
        { identityVerified: false },
      );
      expect(r.mode).toBe('discreet');
      expect(r.subject).toBe('Mensagem da equipe Trato Bcc: x@y.z');
      expect(r.text).not.toContain('Loja');
    });
  });

  describe('WhatsApp', () => {
    const wa: { channel: Channel; content: TemplateContent } = {
      channel: 'whatsapp',
      content: {
        body: 'Olá, {{primeiro_nome}}! Parcela de {{valor_parcela}} com {{credor}}. Até logo, {{primeiro_nome}}.',
        discreetBody: 'Olá, {{primeiro_nome}}! Acesse: {{link}} e até logo.',
      },
    };

    it('gives the body parameters in order of appearance and a preview', () => {
      const r = renderTemplate(wa, { ...VARS, credor: 'Loja\n  Exemplo\tS.A.' }, { identityVerified: true });
      expect(r.whatsapp).toEqual({ parameters: ['Maria', 'R$ 150,00', 'Loja Exemplo S.A.', 'Maria'] });
      expect(r.text).toBe('Olá, Maria! Parcela de R$ 150,00 com Loja Exemplo S.A.. Até logo, Maria.');
      expect(renderTemplate(wa, VARS, { identityVerified: false }).whatsapp).toEqual({
        parameters: ['Maria', VARS.link],
      });
    });

    it('gives the positional text Meta approves', () => {
      expect(whatsappTemplateText(wa.content.body)).toBe(
        'Olá, {{1}}! Parcela de {{2}} com {{3}}. Até logo, {{4}}.',
      );
    });
  });
});

describe('smsInfo (GSM 03.38)', () => {
  it('counts 160 GSM-7 characters in one part and 153 per part after that', () => {
    expect(smsInfo('a'.repeat(160))).toEqual({ encoding: 'GSM-7', length: 160, segments: 1 });
    expect(smsInfo('a'.repeat(161))).toEqual({ encoding: 'GSM-7', length: 161, segments: 2 });
    expect(smsInfo('a'.repeat(306)).segments).toBe(2);
    expect(smsInfo('a'.repeat(307)).segments).toBe(3);
    expect(smsInfo('')).toEqual({ encoding: 'GSM-7', length: 0, segments: 0 });
  });

  it('keeps the accented letters of the GSM default alphabet in GSM-7', () => {
    expect(smsInfo('é è ù ì ò Ç Ø ø Å å Ä Ö Ñ Ü ä ö ñ ü à É ß Æ æ ¡ ¿ £ ¥ § @ $ _ \n').encoding).toBe(
      'GSM-7',
    );
  });

  it.each(['ã', 'õ', 'ç', 'á', 'í', 'ó', 'ú', 'â', 'ê', 'ô', 'Ã', 'Á', '`', '😀'])(
    'switches to UCS-2 for %j',
    (c) => {
      expect(smsInfo(`Olá ${c}`).encoding).toBe('UCS-2');
    },
  );

  it('counts extension characters twice', () => {
    expect(smsInfo('€').length).toBe(2);
    expect(smsInfo('{}[]~^|\\').length).toBe(16);
    expect(smsInfo(`${'a'.repeat(158)}€`)).toEqual({ encoding: 'GSM-7', length: 160, segments: 1 });
    expect(smsInfo(`${'a'.repeat(159)}€`).segments).toBe(2);
  });

  it('never splits an escape pair between parts', () => {
    expect(smsInfo(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).toEqual({
      encoding: 'GSM-7',
      length: 306,
      segments: 3,
    });
  });

  it('counts 70 UCS-2 units in one part and 67 per part after that', () => {
    expect(smsInfo('ã'.repeat(70))).toEqual({ encoding: 'UCS-2', length: 70, segments: 1 });
    expect(smsInfo('ã'.repeat(71)).segments).toBe(2);
    expect(smsInfo('ã'.repeat(134)).segments).toBe(2);
    expect(smsInfo('ã'.repeat(135)).segments).toBe(3);
  });

  it('counts a character outside the BMP as two units and never splits it', () => {
    expect(smsInfo('😀').length).toBe(2);
    expect(smsInfo(`${'ã'.repeat(66)}😀${'ã'.repeat(66)}`)).toEqual({
      encoding: 'UCS-2',
      length: 134,
      segments: 3,
    });
  });
});

describe('DEFAULT_TEMPLATES', () => {
  const byKey = new Map(DEFAULT_TEMPLATES.map((t) => [t.key, t]));
  const textsOf = (c: TemplateContent) =>
    [c.subject, c.body, c.discreetSubject, c.discreetBody].filter(Boolean);
  it('an installment reminder threatens no charge the agreement does not have (a late installment carries no interest)', () => {
    // The term (agreements/term.rules.ts): "Atraso de parcela: sem multa nem juros sobre a parcela".
    const reminders = DEFAULT_TEMPLATES.filter((t) => t.key.startsWith('installment-reminder-'));
    expect(reminders.length).toBeGreaterThan(0);
    for (const t of reminders) {
      for (const text of textsOf(t.content)) expect(text, t.key).not.toMatch(/juros|multa/i);
    }
  });

  /** The variables the contact engine fills for cadence steps (contact/variables.rules.ts). */
  const ENGINE_VARS = (installment: boolean): Record<string, string> => ({
    nome: VARS.nome!,
    primeiro_nome: VARS.primeiro_nome!,
    link: VARS.link!,
    agencia: VARS.agencia!,
    credor: VARS.credor!,
    credor_cnpj: VARS.credor_cnpj!,
    credor_documento: VARS.credor_documento!,
    credor_endereco: VARS.credor_endereco!,
    detalhamento: VARS.detalhamento!,
    valor_total: VARS.valor_total!,
    quantidade_dividas: '1',
    descricao_divida: VARS.descricao_divida!,
    vencimento: VARS.vencimento!,
    valor_parcela: VARS.valor_parcela!,
    numero_parcela: installment ? '3' : '',
    desconto: '',
  });

  it('has unique keys in the template key format', () => {
    expect(byKey.size).toBe(DEFAULT_TEMPLATES.length);
    for (const t of DEFAULT_TEMPLATES) expect(t.key).toMatch(/^[a-z0-9][a-z0-9-]{1,60}$/);
  });

  it('covers the product cadence and the other documented templates', () => {
    const expected: [string, Channel][] = [
      ['installment-reminder-email', 'email'],
      ['installment-reminder-sms', 'sms'],
      ['installment-reminder-whatsapp', 'whatsapp'],
      ['debt-d1-sms', 'sms'],
      ['debt-d1-whatsapp', 'whatsapp'],
      ['debt-d5-whatsapp', 'whatsapp'],
      ['debt-d5-email', 'email'],
      ['debt-d15-email', 'email'],
      ['debt-d15-sms', 'sms'],
      ['debt-d30-sms', 'sms'],
      ['debt-d30-whatsapp', 'whatsapp'],
      ['agreement-welcome-email', 'email'],
      ['agreement-welcome-whatsapp', 'whatsapp'],
      ['payment-receipt-email', 'email'],
      ['agreement-broken-email', 'email'],
      ['agreement-broken-whatsapp', 'whatsapp'],
      ['phone-call-script', 'phone'],
      ['collection-letter', 'letter'],
    ];
    for (const [key, channel] of expected) expect(byKey.get(key)?.channel, key).toBe(channel);
    expect(DEFAULT_TEMPLATES.filter((t) => t.transactional).map((t) => t.key)).toEqual([
      'payment-receipt-email',
    ]);
  });

  it.each(DEFAULT_TEMPLATES.map((t) => [t.key, t] as const))(
    '%s passes validation and the tone check',
    (_, t) => {
      const r = validateTemplate(t);
      expect(r.errors).toEqual([]);
      expect(r.findings).toEqual([]);
      expect(r.ok).toBe(true);
      // No advice either: e-mails and letters with amounts carry the creditor's CNPJ and address (CDC art. 42-A),
      // and no SMS has more than three parts of fixed text.
      expect(r.warnings).toEqual([]);
      for (const text of textsOf(t.content)) expect(checkTone(text!).ok).toBe(true);
    },
  );

  it.each(DEFAULT_TEMPLATES.map((t) => [t.key, t] as const))(
    '%s has a discreet version that reveals nothing',
    (_, t) => {
      const c = t.content;
      expect(c.discreetBody).toBeTruthy();
      if (t.channel === 'email') expect(c.discreetSubject).toBeTruthy();
      const discreetText = `${c.discreetSubject ?? ''}\n${c.discreetBody}`;
      expect(discreetText).not.toMatch(
        /d[íi]vida|d[ée]bito|parcela|pag(ar|amento|ue)|valor|R\$|acordo|atraso|vencimento|cobran[çc]a|NEGOCIAR|credor|boleto|pix|juros/i,
      );
      const r = renderTemplate(t, VARS, { identityVerified: false });
      expect(r.mode).toBe('discreet');
      for (const value of SENSITIVE_VALUES) {
        expect(`${r.subject ?? ''}\n${r.text}`, value).not.toContain(value);
      }
    },
  );

  it.each(DEFAULT_TEMPLATES.map((t) => [t.key, t] as const))(
    '%s renders fully with no placeholder left',
    (_, t) => {
      for (const identityVerified of [true, false]) {
        const r = renderTemplate(t, VARS, { identityVerified });
        const out = `${r.subject ?? ''}\n${r.text}\n${r.html ?? ''}`;
        expect(out).not.toMatch(/\{\{|\}\}/);
        expect(checkTone(r.text).ok).toBe(true);
        if (t.channel === 'email') expect(r.subject).toBeTruthy();
      }
    },
  );

  it('cadence templates render with exactly the variables the contact engine fills', () => {
    for (const t of DEFAULT_TEMPLATES) {
      if (['payment-receipt-email'].includes(t.key)) continue;
      const installment = t.key.startsWith('installment-');
      for (const identityVerified of [true, false]) {
        expect(() => renderTemplate(t, ENGINE_VARS(installment), { identityVerified }), t.key).not.toThrow();
      }
    }
  });

  it('SMS and WhatsApp collection texts identify the creditor: body or signed link (CDC art. 42-A; issue #12 item 15)', () => {
    for (const t of DEFAULT_TEMPLATES) {
      if (t.transactional || !/valor_/.test(t.content.body)) continue;
      if (t.channel === 'whatsapp') {
        expect(t.content.body, t.key).toContain('{{credor_documento}}');
        expect(t.content.body, t.key).toContain('{{credor_endereco}}');
      }
      if (t.channel === 'sms') expect(t.content.body, t.key).toMatch(/\{\{credor\}\}[\s\S]*\{\{link\}\}/);
      if (t.channel === 'sms' && t.key.startsWith('debt-'))
        expect(t.content.body, t.key).toContain('Credor e detalhes: {{link}}');
    }
  });

  it('offers help and says how to stop', () => {
    for (const t of DEFAULT_TEMPLATES) {
      if (!t.transactional && t.channel !== 'phone') expect(t.content.body, t.key).toContain('NEGOCIAR');
      if (t.transactional) continue;
      if (t.channel === 'sms' || t.channel === 'whatsapp') {
        expect(t.content.body, t.key).toContain(OPT_OUT);
        expect(t.content.discreetBody, t.key).toContain(OPT_OUT);
      }
      if (t.channel === 'email') {
        expect(t.content.body, t.key).toContain('SAIR');
        expect(t.content.discreetBody, t.key).toContain('SAIR');
      }
      if (t.channel === 'phone') expect(t.content.body).toContain('não receber ligações');
    }
  });

  it('WhatsApp bodies are distinct, within the Cloud API limit and approvable', () => {
    const bodies = DEFAULT_TEMPLATES.filter((t) => t.channel === 'whatsapp').flatMap((t) => [
      whatsappTemplateText(t.content.body),
      whatsappTemplateText(t.content.discreetBody!),
    ]);
    expect(new Set(bodies).size).toBe(bodies.length);
    for (const b of bodies) expect(b.length).toBeLessThanOrEqual(1024);
  });

  it('SMS stay within a few parts once rendered', () => {
    for (const t of DEFAULT_TEMPLATES.filter((x) => x.channel === 'sms')) {
      for (const identityVerified of [true, false]) {
        const r = renderTemplate(t, VARS, { identityVerified });
        expect(r.sms!.segments, `${t.key} ${identityVerified}`).toBeLessThanOrEqual(4);
      }
    }
  });
});
