import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  classifyReply,
  normalizeProviderPhone,
  parseInbound,
  parseStatusCallback,
  type ReplyIntent,
  verifyWhatsAppSignature,
  whatsAppSignature,
} from './provider-webhooks.rules.ts';

// --- Fixtures in the providers' documented shapes ---------------------------------------------------

/** Zenvia MESSAGE_STATUS event (zenvia-openapi-spec, events/message-status-event + message-status). */
function zenviaStatus(code: string, over: Record<string, unknown> = {}) {
  return {
    id: 'c0a80164-0c5e-4b7e-9b0e-3f1d2e4a5b6c',
    timestamp: '2025-03-10T14:30:05.123Z',
    type: 'MESSAGE_STATUS',
    subscriptionId: '6f3c2b1a-0000-4000-8000-000000000001',
    channel: 'sms',
    messageId: 'a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    contentIndex: 0,
    messageStatus: { timestamp: '2025-03-10T14:30:04Z', code, description: code.toLowerCase() },
    ...over,
  };
}

/** Zenvia MESSAGE event with an incoming SMS. */
function zenviaInbound(text: string, over: Record<string, unknown> = {}) {
  return {
    id: '0f1e2d3c-4b5a-4968-8776-655443322110',
    timestamp: '2025-03-10T15:00:00Z',
    type: 'MESSAGE',
    subscriptionId: '6f3c2b1a-0000-4000-8000-000000000002',
    channel: 'sms',
    direction: 'IN',
    message: {
      id: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
      from: '5511987654321',
      to: 'trato',
      direction: 'IN',
      channel: 'sms',
      contents: [{ type: 'text', text }],
    },
    ...over,
  };
}

/** Meta "Status messages webhook reference", example of a `sent` status. */
function whatsappNotification(value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

const WAMID = 'wamid.HBgNNTUxNjk5MjMxODIyMhUCABEYEjgxQkVFRDVBQTVDODFDOTg3MQA=';

function waStatus(status: string, over: Record<string, unknown> = {}) {
  return {
    id: WAMID,
    status,
    timestamp: '1750857384',
    recipient_id: '5516992318222',
    conversation: {
      id: 'a75d17ad06104c51166f948319b03c6a',
      expiration_timestamp: '1750943820',
      origin: { type: 'service' },
    },
    pricing: { billable: true, pricing_model: 'CBP', category: 'service' },
    ...over,
  };
}

function waText(body: string, over: Record<string, unknown> = {}) {
  return {
    from: '5511987654321',
    id: 'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYIDNBRkE=',
    timestamp: '1741618800',
    type: 'text',
    text: { body },
    ...over,
  };
}

// --- Status callbacks --------------------------------------------------------------------------------

describe('parseStatusCallback — Zenvia SMS', () => {
  it.each([
    ['SENT', 'sent'],
    ['DELIVERED', 'delivered'],
    ['VERIFIED', 'delivered'],
    ['READ', 'read'],
    ['CLICKED', 'read'],
    ['REJECTED', 'failed'],
    ['NOT_DELIVERED', 'failed'],
  ])('maps %s to %s', (code, status) => {
    const r = parseStatusCallback('sms', zenviaStatus(code));
    expect(r).toMatchObject({
      ok: true,
      value: [{ providerMessageId: 'a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d', status }],
    });
    if (r.ok) expect(r.value[0]!.at.toISOString()).toBe('2025-03-10T14:30:04.000Z');
  });

  it('skips DELETED (about a message the user deleted) without error', () => {
    expect(parseStatusCallback('sms', zenviaStatus('DELETED'))).toEqual({ ok: true, value: [] });
  });

  it('explains a failure with the causes', () => {
    const body = zenviaStatus('NOT_DELIVERED', {
      messageStatus: {
        timestamp: '2025-03-10T14:30:04Z',
        code: 'NOT_DELIVERED',
        description: 'Not delivered',
        causes: [{ channelErrorCode: '015', reason: 'Unavailable', details: 'Aparelho desligado' }],
      },
    });
    const r = parseStatusCallback('sms', body);
    expect(r.ok && r.value[0]!.error).toBe('NOT_DELIVERED: [015] Unavailable — Aparelho desligado');
  });

  it('falls back to the description, then to the event timestamp', () => {
    const body = zenviaStatus('REJECTED', {
      messageStatus: { code: 'REJECTED', description: 'Invalid destination' },
    });
    const r = parseStatusCallback('sms', body);
    expect(r.ok && r.value[0]).toMatchObject({ status: 'failed', error: 'REJECTED: Invalid destination' });
    expect(r.ok && r.value[0]!.at.toISOString()).toBe('2025-03-10T14:30:05.123Z');
  });
});

describe('parseStatusCallback — WhatsApp Cloud API', () => {
  it('reads the documented example, with biz_opaque_callback_data as the reference', () => {
    const body = whatsappNotification({
      statuses: [waStatus('sent', { biz_opaque_callback_data: '0195a3c2-7f1e-7b3a-9c4d-2e8f6a1b5c70' })],
    });
    expect(parseStatusCallback('whatsapp', body)).toEqual({
      ok: true,
      value: [
        {
          providerMessageId: WAMID,
          status: 'sent',
          at: new Date(1750857384 * 1000),
          reference: '0195a3c2-7f1e-7b3a-9c4d-2e8f6a1b5c70',
        },
      ],
    });
  });

  it('reads a failure with its errors', () => {
    const body = whatsappNotification({
      statuses: [
        waStatus('failed', {
          errors: [
            {
              code: 131026,
              title: 'Message undeliverable',
              message: 'Message undeliverable',
              error_data: { details: 'Message Undeliverable.' },
            },
          ],
        }),
      ],
    });
    const r = parseStatusCallback('whatsapp', body);
    expect(r.ok && r.value[0]).toMatchObject({
      status: 'failed',
      error: '131026 Message undeliverable: Message Undeliverable.',
    });
  });

  it('reads several entries and changes, skipping deleted/warning/played and other fields', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        whatsappNotification({ statuses: [waStatus('delivered'), waStatus('read', { id: 'wamid.B' })] })
          .entry[0],
        {
          id: '102290129340398',
          changes: [
            { field: 'message_template_status_update', value: { event: 'APPROVED' } },
            {
              field: 'messages',
              value: { statuses: [waStatus('played'), waStatus('warning'), waStatus('deleted')] },
            },
          ],
        },
      ],
    };
    const r = parseStatusCallback('whatsapp', body);
    expect(r.ok && r.value.map((u) => [u.providerMessageId, u.status])).toEqual([
      [WAMID, 'delivered'],
      ['wamid.B', 'read'],
    ]);
  });

  it('returns nothing for a notification that only carries inbound messages (same callback URL)', () => {
    expect(parseStatusCallback('whatsapp', whatsappNotification({ messages: [waText('oi')] }))).toEqual({
      ok: true,
      value: [],
    });
  });
});

// --- Inbound -----------------------------------------------------------------------------------------

describe('parseInbound', () => {
  it('reads a Zenvia SMS reply and puts the + back', () => {
    expect(parseInbound('sms', zenviaInbound('Quero negociar'))).toEqual({
      ok: true,
      value: [
        {
          from: '+5511987654321',
          text: 'Quero negociar',
          at: new Date('2025-03-10T15:00:00Z'),
          providerMessageId: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
        },
      ],
    });
  });

  it('ignores Zenvia events about our own outgoing messages (direction OUT)', () => {
    const body = zenviaInbound('Sua fatura vence amanhã', { direction: 'OUT' });
    (body.message as Record<string, unknown>).direction = 'OUT';
    expect(parseInbound('sms', body)).toEqual({ ok: true, value: [] });
  });

  it('reads a WhatsApp text, normalizing wa_id to E.164', () => {
    const body = whatsappNotification({
      contacts: [{ profile: { name: 'Maria' }, wa_id: '5511987654321' }],
      messages: [waText('Não quero mais receber')],
    });
    expect(parseInbound('whatsapp', body)).toEqual({
      ok: true,
      value: [
        {
          from: '+5511987654321',
          text: 'Não quero mais receber',
          at: new Date(1741618800 * 1000),
          providerMessageId: 'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYIDNBRkE=',
        },
      ],
    });
  });

  it('puts back the ninth digit of old Brazilian WhatsApp IDs', () => {
    const body = whatsappNotification({ messages: [waText('SAIR', { from: '551187654321' })] });
    const r = parseInbound('whatsapp', body);
    expect(r.ok && r.value[0]!.from).toBe('+5511987654321');
  });

  it('reads quick-reply buttons, interactive replies and captions; skips reactions and system messages', () => {
    const body = whatsappNotification({
      messages: [
        waText('', {
          id: 'wamid.1',
          type: 'button',
          text: undefined,
          button: { payload: 'NEG', text: 'Negociar' },
        }),
        waText('', {
          id: 'wamid.2',
          type: 'interactive',
          text: undefined,
          interactive: { type: 'button_reply', button_reply: { id: 'opt-out', title: 'Parar' } },
        }),
        waText('', {
          id: 'wamid.3',
          type: 'image',
          text: undefined,
          image: { id: '1', mime_type: 'image/jpeg', caption: 'comprovante' },
        }),
        waText('', { id: 'wamid.4', type: 'audio', text: undefined, audio: { id: '2' } }),
        waText('', { id: 'wamid.5', type: 'reaction', text: undefined, reaction: { emoji: '👍' } }),
        waText('', { id: 'wamid.6', type: 'system', text: undefined, system: { body: 'changed number' } }),
      ],
    });
    const r = parseInbound('whatsapp', body);
    expect(r.ok && r.value.map((m) => [m.providerMessageId, m.text])).toEqual([
      ['wamid.1', 'Negociar'],
      ['wamid.2', 'Parar'],
      ['wamid.3', 'comprovante'],
      ['wamid.4', ''],
    ]);
  });

  it('returns nothing for a notification that only carries statuses', () => {
    expect(parseInbound('whatsapp', whatsappNotification({ statuses: [waStatus('read')] }))).toEqual({
      ok: true,
      value: [],
    });
  });
});

// --- Negative cases -----------------------------------------------------------------------------------

describe('webhook parsing refuses what is not the provider shape', () => {
  const cases: [string, () => ReturnType<typeof parseStatusCallback | typeof parseInbound>, string][] = [
    ['sms status: null body', () => parseStatusCallback('sms', null), ''],
    ['sms status: array body', () => parseStatusCallback('sms', [zenviaStatus('SENT')]), ''],
    ['sms status: a MESSAGE event', () => parseStatusCallback('sms', zenviaInbound('oi')), 'type'],
    [
      'sms status: no messageId',
      () => parseStatusCallback('sms', zenviaStatus('SENT', { messageId: undefined })),
      'messageId',
    ],
    [
      'sms status: no messageStatus',
      () => parseStatusCallback('sms', zenviaStatus('SENT', { messageStatus: 'SENT' })),
      'messageStatus',
    ],
    [
      'sms status: unknown code',
      () => parseStatusCallback('sms', zenviaStatus('ENTREGUE')),
      'messageStatus.code',
    ],
    [
      'sms status: bad timestamps',
      () =>
        parseStatusCallback(
          'sms',
          zenviaStatus('SENT', {
            timestamp: 'ontem',
            messageStatus: { code: 'SENT', timestamp: '10/03/2025' },
          }),
        ),
      'messageStatus.timestamp',
    ],
    ['sms inbound: a status event', () => parseInbound('sms', zenviaStatus('SENT')), 'type'],
    [
      'sms inbound: sender is not a phone',
      () =>
        parseInbound('sms', {
          ...zenviaInbound('oi'),
          message: { ...zenviaInbound('oi').message, from: 'trato' },
        }),
      'message.from',
    ],
    [
      'sms inbound: empty contents',
      () =>
        parseInbound('sms', {
          ...zenviaInbound('oi'),
          message: { ...zenviaInbound('oi').message, contents: [] },
        }),
      'message.contents',
    ],
    [
      'sms inbound: unknown direction',
      () =>
        parseInbound('sms', {
          ...zenviaInbound('oi'),
          message: { ...zenviaInbound('oi').message, direction: 'X' },
        }),
      'message.direction',
    ],
    [
      'whatsapp: another object',
      () => parseStatusCallback('whatsapp', { object: 'page', entry: [] }),
      'object',
    ],
    [
      'whatsapp: entry is not an array',
      () => parseStatusCallback('whatsapp', { object: 'whatsapp_business_account', entry: {} }),
      'entry',
    ],
    [
      'whatsapp: change without value',
      () =>
        parseInbound('whatsapp', {
          object: 'whatsapp_business_account',
          entry: [{ id: '1', changes: [{ field: 'messages' }] }],
        }),
      'entry[0].changes[0].value',
    ],
    [
      'whatsapp status: statuses is not an array',
      () => parseStatusCallback('whatsapp', whatsappNotification({ statuses: waStatus('sent') })),
      'entry[0].changes[0].value.statuses',
    ],
    [
      'whatsapp status: no id',
      () =>
        parseStatusCallback('whatsapp', whatsappNotification({ statuses: [waStatus('sent', { id: '' })] })),
      'entry[0].changes[0].value.statuses[0].id',
    ],
    [
      'whatsapp status: unknown status',
      () => parseStatusCallback('whatsapp', whatsappNotification({ statuses: [waStatus('entregue')] })),
      'entry[0].changes[0].value.statuses[0].status',
    ],
    [
      'whatsapp status: ISO timestamp instead of Unix seconds',
      () =>
        parseStatusCallback(
          'whatsapp',
          whatsappNotification({ statuses: [waStatus('sent', { timestamp: '2025-03-10T14:30:00Z' })] }),
        ),
      'entry[0].changes[0].value.statuses[0].timestamp',
    ],
    [
      'whatsapp inbound: text without body',
      () => parseInbound('whatsapp', whatsappNotification({ messages: [waText('x', { text: {} })] })),
      'entry[0].changes[0].value.messages[0].text.body',
    ],
    [
      'whatsapp inbound: from is not a phone',
      () =>
        parseInbound('whatsapp', whatsappNotification({ messages: [waText('x', { from: '+55 (11) 9' })] })),
      'entry[0].changes[0].value.messages[0].from',
    ],
    [
      'whatsapp inbound: message is not an object',
      () => parseInbound('whatsapp', whatsappNotification({ messages: ['SAIR'] })),
      'entry[0].changes[0].value.messages[0]',
    ],
  ];

  it.each(cases)('%s', (_name, run, path) => {
    const r = run();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.path)).toContain(path);
      for (const e of r.errors) expect(e.message).toMatch(/\S/);
    }
  });

  it('reports every problem of a status, not only the first', () => {
    const r = parseStatusCallback(
      'whatsapp',
      whatsappNotification({ statuses: [{ id: 1, status: 'x', timestamp: 'y' }, waStatus('sent')] }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toHaveLength(3);
  });
});

// --- Phones ------------------------------------------------------------------------------------------

describe('normalizeProviderPhone', () => {
  it.each([
    ['5511987654321', '+5511987654321'],
    ['+5511987654321', '+5511987654321'],
    ['551187654321', '+5511987654321'], // old WhatsApp ID without the ninth digit
    ['551133334444', '+551133334444'], // São Paulo landline: no 9 added
    ['5521612345678', '+5521612345678'], // already has 9 digits after the DDD
    ['14155552671', '+14155552671'],
    ['0011987654321', null],
    ['55 11 98765-4321', null],
    ['1234567', null],
    ['1234567890123456', null],
    ['', null],
  ])('%s -> %s', (raw, expected) => {
    expect(normalizeProviderPhone(raw)).toBe(expected);
  });
});

// --- Signature ---------------------------------------------------------------------------------------

describe('verifyWhatsAppSignature', () => {
  const secret = 'app-secret-do-facebook';
  const raw = '{"object":"whatsapp_business_account","entry":[{"text":"N\\u00e3o"}]}';
  const header = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

  it('accepts the HMAC-SHA256 of the raw body, as a string or a Buffer', () => {
    expect(whatsAppSignature(raw, secret)).toBe(header);
    expect(verifyWhatsAppSignature(raw, header, secret)).toBe(true);
    expect(verifyWhatsAppSignature(Buffer.from(raw), header, secret)).toBe(true);
    expect(verifyWhatsAppSignature(raw, header.toUpperCase().replace('SHA256=', 'sha256='), secret)).toBe(
      true,
    );
  });

  it('refuses the re-serialized body (Meta signs the escaped bytes)', () => {
    const reserialized = JSON.stringify(JSON.parse(raw));
    expect(reserialized).not.toBe(raw);
    expect(verifyWhatsAppSignature(reserialized, header, secret)).toBe(false);
  });

  it.each([
    ['no header', undefined],
    ['empty header', ''],
    ['sha1 header', `sha1=${createHmac('sha1', secret).update(raw).digest('hex')}`],
    ['no prefix', header.slice('sha256='.length)],
    ['truncated', header.slice(0, -2)],
    ['another secret', `sha256=${createHmac('sha256', 'outro').update(raw).digest('hex')}`],
    ['not hex', `sha256=${'z'.repeat(64)}`],
  ])('refuses %s', (_name, value) => {
    expect(verifyWhatsAppSignature(raw, value, secret)).toBe(false);
  });

  it('refuses a tampered body and an empty secret', () => {
    expect(verifyWhatsAppSignature(raw.replace('N', 'M'), header, secret)).toBe(false);
    expect(verifyWhatsAppSignature(raw, header, '')).toBe(false);
  });
});

// --- Replies -----------------------------------------------------------------------------------------

describe('classifyReply', () => {
  const cases: [string, ReplyIntent][] = [
    // opt-out: the keyword alone, any case, accents and punctuation
    ['SAIR', 'opt_out'],
    ['sair', 'opt_out'],
    ['  Sair.  ', 'opt_out'],
    ['SAIR!!!', 'opt_out'],
    ['Sáir 😡', 'opt_out'],
    ['PARAR', 'opt_out'],
    ['Pare', 'opt_out'],
    ['STOP', 'opt_out'],
    ['stop.', 'opt_out'],
    ['Cancelar', 'opt_out'],
    ['DESCADASTRAR', 'opt_out'],
    ['remover', 'opt_out'],
    ['Para!', 'opt_out'],
    ['Chega', 'opt_out'],
    // keyword + filler, greetings before
    ['Sair, por favor', 'opt_out'],
    ['SAIR pfv', 'opt_out'],
    ['parar de receber mensagens', 'opt_out'],
    ['Cancelar o envio de SMS', 'opt_out'],
    ['sair da lista', 'opt_out'],
    ['Oi, quero sair', 'opt_out'],
    ['Bom dia. PARAR', 'opt_out'],
    // unambiguous phrases anywhere
    ['não quero mais receber', 'opt_out'],
    ['Nao quero mais receber essas mensagens', 'opt_out'],
    ['ñ quero receber mais nada', 'opt_out'],
    ['Não quero mais', 'opt_out'],
    ['Por favor parem de me ligar', 'opt_out'],
    ['não me mandem mais mensagem', 'opt_out'],
    ['Me tire da lista de vocês', 'opt_out'],
    ['como faço para me descadastrar?', 'opt_out'],
    ['remova meu número', 'opt_out'],
    // opt-out wins over negotiation in the same message
    ['Quero negociar mas parem de me ligar', 'opt_out'],
    // keyword inside a sentence about something else: not an opt-out
    ['vou parar no banco amanhã para pagar', 'other'],
    ['Preciso sair do vermelho', 'other'],
    ['cancelar a compra', 'other'],
    // about the agreement, not the messages: the negotiation flow (or an agent) handles it
    ['cancelar o acordo', 'negotiate'],
    ['parar de pagar não dá', 'other'],
    ['Para quando é o vencimento?', 'other'],
    ['Sair de casa agora, depois vejo', 'other'],
    ['Não quero sair do acordo', 'other'],
    ['Stop and go', 'other'],
    // negotiate
    ['NEGOCIAR', 'negotiate'],
    ['negociar', 'negotiate'],
    ['Acordo', 'negotiate'],
    ['quero negociar', 'negotiate'],
    ['Quero fazer acordo', 'negotiate'],
    ['Gostaria de fazer um acordo, é possível?', 'negotiate'],
    ['Dá pra parcelar?', 'negotiate'],
    ['tem desconto pra pagar à vista?', 'negotiate'],
    ['Quero renegociar minha dívida', 'negotiate'],
    ['Não consigo pagar tudo, quero negociar', 'negotiate'],
    ['Não vou pagar à vista, quero acordo', 'negotiate'],
    ['Cancelar o acordo antigo e fazer outra negociação', 'negotiate'],
    // refusals and everything else
    ['Não quero acordo', 'other'],
    ['nao tenho interesse em negociar', 'other'],
    ['Não vou fazer acordo nenhum', 'other'],
    ['Já paguei', 'other'],
    ['Quem é você?', 'other'],
    ['Ok, obrigado', 'other'],
    ['1', 'other'],
    ['👍', 'other'],
    ['', 'other'],
  ];

  it.each(cases)('%j -> %s', (text, intent) => {
    expect(classifyReply(text)).toBe(intent);
  });
});
