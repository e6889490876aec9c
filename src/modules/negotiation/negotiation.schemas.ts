import { type Static, Type } from '@fastify/type-provider-typebox';
import { literals } from '../../platform/http-schemas.ts';

/** How a plan's interest is computed: one enumeration for offers, approvals, proposals and agreements. */
export const INTEREST_METHODS = ['compound', 'simple', 'none'] as const;
export type InterestMethod = (typeof INTEREST_METHODS)[number];
export const InterestMethodSchema = literals(INTEREST_METHODS, {
  description:
    'compound (Tabela Price, só instituições do SFN) | simple (sem capitalização, credores fora do SFN) | none',
});

/** Where the tenant's negotiation settings come from: the product default or the tenant's own value. */
export const SETTINGS_SOURCES = ['default', 'tenant'] as const;
export type SettingsSource = (typeof SETTINGS_SOURCES)[number];
export const SettingsSourceSchema = literals(SETTINGS_SOURCES, { description: 'default | tenant' });

/**
 * What the negotiation routes accept. The services take `Static<>` of these schemas, so the type a use
 * case receives is the one the route validates.
 */
export const DiscountBandSchema = Type.Object(
  {
    minDaysOverdue: Type.Integer({ minimum: 0 }),
    maxChargesDiscountPercent: Type.Number({
      description: 'Desconto máximo sobre encargos (multa, juros, correção, honorários)',
    }),
    maxPrincipalDiscountPercent: Type.Number({ description: 'Desconto máximo sobre o principal' }),
  },
  { additionalProperties: false },
);
export const PolicyFields = {
  discountBands: Type.Array(DiscountBandSchema),
  maxInstallments: Type.Integer(),
  minInstallmentCents: Type.Integer(),
  minDownPaymentPercent: Type.Number(),
  installmentMonthlyRatePercent: Type.Number({
    description:
      'Juros ao mês no parcelamento; 0 permitido. Credor fora do SFN: no máximo 1% (simples, sem capitalização); instituição do SFN: Tabela Price até 20%',
  }),
  offerValidityDays: Type.Integer(),
  graceDays: Type.Integer({ description: 'Dias de tolerância antes da quebra do acordo' }),
  maxRenegotiations: Type.Integer(),
  agentMaxExtraDiscountPercent: Type.Number(),
  approvalAboveExtraDiscountPercent: Type.Number(),
};
export const PolicyBody = Type.Object(PolicyFields, { additionalProperties: false });
export type PolicyInput = Static<typeof PolicyBody>;

const Cents = Type.Integer({ minimum: 0 });
export const OfferBody = Type.Object(
  {
    date: Type.Optional(
      Type.String({
        description:
          'Só para simulação: uma data diferente de hoje (São Paulo) gera propostas marcadas simulation=true, que não podem ser aceitas (422 OFFER_SIMULATION)',
      }),
    ),
    debtIds: Type.Optional(
      Type.Array(Type.String(), { description: 'Dívidas de um mesmo credor (padrão: todas em aberto)' }),
    ),
    monthlyBudgetCents: Type.Optional({ ...Cents, description: 'Quanto cabe no bolso por mês' }),
    monthlyIncomeCents: Type.Optional({ ...Cents, description: 'Renda líquida mensal' }),
    otherDebtPaymentsCents: Type.Optional({ ...Cents, description: 'Outras parcelas fixas por mês' }),
    firstDueDate: Type.Optional(Type.String()),
    debtorInitiated: Type.Optional(
      Type.Boolean({ description: 'O devedor pediu a proposta (inclui dívidas prescritas)' }),
    ),
  },
  { additionalProperties: false },
);
export type OfferInput = Static<typeof OfferBody>;

export const ProposalBody = Type.Object(
  {
    debtIds: Type.Optional(Type.Array(Type.String())),
    downPaymentCents: Cents,
    installmentsCount: Type.Integer({ minimum: 1 }),
    installmentCents: Cents,
    firstDueDate: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ProposalBodyInput = Static<typeof ProposalBody>;
