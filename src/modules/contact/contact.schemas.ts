import { type Static, Type } from '@fastify/type-provider-typebox';
import { literals } from '../../platform/http-schemas.ts';
import { CHANNELS } from './cadence.rules.ts';

/**
 * What the contact routes accept. The services take `Static<>` of these schemas, so the type a use case
 * receives is the one the route validates — one definition, not a schema and a hand-written twin.
 */
export const Channel = literals(CHANNELS);

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
    kind: literals(['dispute', 'hardship', 'opt_out', 'repactuation']),
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
