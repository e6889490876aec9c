import { type Static, Type } from '@fastify/type-provider-typebox';
import { literals } from '../../platform/http-schemas.ts';
import { ANCHORS, CHANNELS } from './cadence.rules.ts';

/**
 * What the contact routes accept. The services take `Static<>` of these schemas, so the type a use case
 * receives is the one the route validates — one definition, not a schema and a hand-written twin.
 */
export const Channel = literals(CHANNELS);

/** How a message was rendered: with the debt (identity verified), discreet (nothing about it), by an agent. */
export const MESSAGE_MODES = ['full', 'discreet', 'agent'] as const;
export type MessageMode = (typeof MESSAGE_MODES)[number];
export const MessageModeSchema = literals(MESSAGE_MODES, { description: 'full | discreet | agent' });

/** What stops or pauses contact: the staff body, the debtor's pauses on the portal. */
export const SUPPRESSION_KINDS = ['dispute', 'hardship', 'opt_out', 'repactuation'] as const;
export const SuppressionKindSchema = literals(SUPPRESSION_KINDS);

export const AgentMessageBody = Type.Object(
  {
    channel: literals(['email', 'sms', 'whatsapp']),
    text: Type.String({ minLength: 1, maxLength: 4000 }),
    subject: Type.Optional(Type.String({ maxLength: 200 })),
    creditorId: Type.Optional(
      Type.String({ description: 'O credor de que se trata (padrão: o único credor do devedor)' }),
    ),
  },
  { additionalProperties: false },
);
export type AgentMessageInput = Static<typeof AgentMessageBody>;

export const SuppressionBody = Type.Object(
  {
    kind: SuppressionKindSchema,
    channel: Type.Optional(Channel),
    until: Type.Optional(Type.String({ description: 'AAAA-MM-DD ou instante ISO' })),
    startedOn: Type.Optional(
      Type.String({
        description:
          'Só repactuação: AAAA-MM-DD em que a repactuação começou (padrão: hoje; não no futuro). Os encargos ficam congelados desde essa data (CDC art. 104-A).',
      }),
    ),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type SuppressionInput = Static<typeof SuppressionBody>;

export const ContactFlagsBody = Type.Object(
  {
    deceased: Type.Optional(Type.Boolean()),
    vulnerable: Type.Optional(Type.Boolean()),
    identityVerified: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ContactFlagsInput = Static<typeof ContactFlagsBody>;

export const TemplateContentSchema = Type.Object(
  {
    subject: Type.Optional(Type.String()),
    body: Type.String(),
    discreetSubject: Type.Optional(Type.String()),
    discreetBody: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export const TemplateBody = Type.Object(
  {
    key: Type.String({ description: 'identificador estável, ex.: lembrete-parcela-d-1' }),
    name: Type.String(),
    channel: Channel,
    transactional: Type.Optional(
      Type.Boolean({ description: 'pedido pelo devedor (recibo, código): não conta nos limites' }),
    ),
    content: TemplateContentSchema,
    creditorId: Type.Optional(
      Type.Union([Type.String(), Type.Null()], {
        description: 'credor dono do modelo; ausente ou null: compartilhado por todo o tenant',
      }),
    ),
  },
  { additionalProperties: false },
);
export const TemplateUpdate = Type.Object(
  { name: Type.String(), transactional: Type.Optional(Type.Boolean()), content: TemplateContentSchema },
  { additionalProperties: false },
);
export const CadenceStepSchema = Type.Object(
  {
    id: Type.String(),
    anchor: literals(ANCHORS),
    offsetDays: Type.Integer({ description: 'dias após a âncora (negativo = antes)' }),
    channel: Channel,
    templateId: Type.String(),
    conditions: Type.Optional(
      Type.Object(
        {
          minDaysOverdue: Type.Optional(Type.Integer()),
          maxDaysOverdue: Type.Optional(Type.Integer()),
          statuses: Type.Optional(Type.Array(Type.String())),
          minAmountCents: Type.Optional(Type.Integer({ minimum: 0 })),
          maxAmountCents: Type.Optional(Type.Integer({ minimum: 0 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export const CadenceBody = Type.Object(
  {
    name: Type.String(),
    creditorId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    segment: Type.Optional(
      Type.Union([Type.String(), Type.Null()], { description: 'produto das dívidas (campo product)' }),
    ),
    active: Type.Optional(Type.Boolean()),
    steps: Type.Array(CadenceStepSchema),
  },
  { additionalProperties: false },
);
export type TemplateInput = Static<typeof TemplateBody>;
export type TemplateUpdateInput = Static<typeof TemplateUpdate>;
export type CadenceInput = Static<typeof CadenceBody>;
