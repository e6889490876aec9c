import { type TSchema, Type } from '@fastify/type-provider-typebox';
import { IsoDateString, literals } from '../../platform/http-schemas.ts';
import { AgreementStatusSchema, InstallmentStatusSchema } from '../agreements/index.ts';
import { SuppressionKindSchema } from '../contact/index.ts';

/**
 * Request and response schemas of the debtor portal API (/api/portal/v1). The web front end's typed
 * client is generated from the OpenAPI built from these: names and shapes are a contract (add, never
 * rename). Amounts in centavos (`*Cents`), dates 'AAAA-MM-DD', texts for the person in pt-BR.
 */

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Cents = (description: string) => Type.Integer({ description: `${description} (centavos)` });

export const ChannelName = Type.Union(
  [Type.Literal('sms'), Type.Literal('whatsapp'), Type.Literal('email')],
  {
    description: 'Canal do código: sms, whatsapp ou email',
  },
);

export const AuthStartBody = Type.Object(
  {
    document: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 32,
        description: 'CPF ou CNPJ, com ou sem pontuação. Dispensado na entrada por link (pré-identificação).',
      }),
    ),
    channel: Type.Optional(ChannelName),
  },
  { additionalProperties: false },
);
export const AuthStartResponse = Type.Object({
  message: Type.String({ description: 'Sempre a mesma frase, conhecido ou não o documento' }),
  expiresInSeconds: Type.Integer({ description: 'Validade do código (600)' }),
  destination: Type.Optional(
    Type.String({ description: 'Só na entrada por link: "celular terminado em 21"' }),
  ),
});

export const AuthVerifyBody = Type.Object(
  {
    document: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'CPF ou CNPJ' })),
    birthDate: Type.Optional(
      Type.String({ maxLength: 20, description: 'Data de nascimento: AAAA-MM-DD ou dd/mm/aaaa' }),
    ),
    code: Type.String({
      minLength: 1,
      maxLength: 20,
      description: 'Código de 6 números (espaços e hífens ignorados)',
    }),
  },
  { additionalProperties: false },
);
export const AuthVerifyResponse = Type.Object({
  csrfToken: Type.String({ description: 'Envie no cabeçalho X-CSRF-Token de toda chamada que altera algo' }),
  expiresAt: Type.String({ description: 'Fim da sessão se não houver atividade (ISO 8601)' }),
  firstName: Type.String(),
  maskedDocument: Type.String({ description: '***.456.789-**' }),
});

export const AgencyView = Type.Object(
  {
    name: Type.String({ description: 'Nome fantasia (ou razão social)' }),
    legalName: Type.String({ description: 'Razão social da assessoria' }),
    tradeName: Type.String(),
    cnpj: Nullable(Type.String({ description: 'CNPJ formatado' })),
    address: Nullable(Type.String({ description: 'Endereço em uma linha' })),
    phone: Nullable(Type.String({ description: 'SAC, E.164' })),
    email: Nullable(Type.String()),
    whatsapp: Nullable(Type.String()),
    website: Nullable(Type.String()),
    configured: Type.Boolean({ description: 'Falso enquanto a assessoria não preencheu o perfil' }),
  },
  { description: 'A assessoria (rodapé de toda página; CDC art. 42-A)' },
);

export const EntryResponse = Type.Object({
  linked: Type.Boolean({ description: 'Chegou por um link de mensagem (pessoa pré-identificada)' }),
  agency: Type.Optional(AgencyView),
  firstName: Type.Optional(Type.String()),
  agencyName: Type.Optional(Type.String()),
  birthDateRequired: Type.Optional(Type.Boolean({ description: 'Pedir a data de nascimento' })),
  channels: Type.Optional(
    Type.Array(Type.Object({ channel: ChannelName, destination: Type.String() }), {
      description: 'Canais em que o código pode chegar (só na entrada por link)',
    }),
  ),
});

export const SessionResponse = Type.Object({
  firstName: Type.String(),
  maskedDocument: Type.String(),
  documentKind: Type.Union([Type.Literal('cpf'), Type.Literal('cnpj')]),
  agency: AgencyView,
  expiresAt: Type.String({ description: 'Fim da sessão se não houver atividade (ISO 8601)' }),
  csrfToken: Type.String(),
});

export const CreditorView = Type.Object({
  id: Type.String(),
  legalName: Type.String({ description: 'Razão social (CDC art. 42-A)' }),
  cnpj: Type.String({
    description: 'CNPJ formatado; CPF quando o credor é uma pessoa (o nome do campo fica)',
  }),
  address: Type.String({ description: 'Endereço do credor' }),
});

export const BalanceLineView = Type.Object({
  kind: Type.Union([
    Type.Literal('principal'),
    Type.Literal('fine'),
    Type.Literal('interest'),
    Type.Literal('correction'),
    Type.Literal('remuneratory_interest'),
    Type.Literal('fees'),
  ]),
  label: Type.String({ description: 'Nome da linha: "Multa por atraso"' }),
  amountCents: Cents('Valor da linha'),
  rule: Type.String({ description: 'A regra em português simples' }),
  legalBasis: Nullable(Type.String()),
  missingMonths: Type.Optional(Type.Array(Type.String(), { description: 'Meses sem índice (contam zero)' })),
});

export const DebtView = Type.Object({
  id: Type.String(),
  contract: Type.String({ description: 'Número do contrato no credor' }),
  product: Nullable(Type.String()),
  originalAmountCents: Cents('Valor original'),
  dueDate: IsoDateString,
  daysOverdue: Type.Integer(),
  totalCents: Cents('Total hoje'),
  status: Type.Union([Type.Literal('open'), Type.Literal('disputed')]),
  disputed: Type.Boolean({ description: 'Contestada: cobrança pausada' }),
  prescribed: Type.Boolean(),
  prescribedNote: Nullable(
    Type.String({ description: 'Frase de que a dívida prescrita não pode ser cobrada' }),
  ),
  lines: Type.Array(BalanceLineView),
});

export const DebtsResponse = Type.Object({
  date: IsoDateString,
  count: Type.Integer(),
  totalCents: Cents('Total de hoje, sem as contestadas'),
  heading: Type.String(),
  creditors: Type.Array(
    Type.Object({
      creditor: CreditorView,
      totalCents: Cents('Total do credor'),
      debts: Type.Array(DebtView),
    }),
  ),
});

export const OffersBody = Type.Object(
  {
    monthlyBudgetCents: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 100_000_000_00,
        description: 'Quanto cabe no bolso por mês (centavos)',
      }),
    ),
    monthlyIncomeCents: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 100_000_000_00,
        description: 'Renda mensal (centavos), para o mínimo existencial',
      }),
    ),
    creditorId: Type.Optional(Type.String({ description: 'Só as dívidas deste credor' })),
    includePrescribed: Type.Optional(
      Type.Boolean({ description: 'Incluir dívidas prescritas (escolha da pessoa)' }),
    ),
  },
  { additionalProperties: false },
);

const ScheduleItem = Type.Object({
  number: Type.Integer(),
  dueDate: IsoDateString,
  amountCents: Cents('Valor'),
});

export const OfferView = Type.Object({
  id: Type.String({ description: 'Id para aceitar (POST /agreements)' }),
  creditor: CreditorView,
  debtIds: Type.Array(Type.String()),
  kind: Type.Union([Type.Literal('lump_sum'), Type.Literal('installments')]),
  totalCents: Cents('Total pago'),
  installmentsCount: Type.Integer({ description: 'Número de pagamentos' }),
  installmentCents: Cents('Valor de cada parcela'),
  downPaymentCents: Cents('Entrada'),
  firstDueDate: Nullable(IsoDateString),
  discountCents: Cents('Desconto em R$'),
  discountPercent: Type.Number(),
  balanceCents: Cents('Saldo antes do desconto'),
  monthlyRatePercent: Type.Number({ description: 'Juros do parcelamento ao mês' }),
  effectiveAnnualRatePercent: Type.Number({ description: 'Taxa efetiva anual dos juros (CDC art. 52 II)' }),
  cetAnnualPercent: Type.Number({ description: 'CET ao ano' }),
  fitsBudget: Type.Boolean({ description: 'Cabe no valor informado' }),
  validUntil: IsoDateString,
  validityDays: Type.Integer({ description: 'Dias de validade da oferta (CDC art. 54-B: no mínimo 2)' }),
  includesPrescribedDebt: Type.Boolean({
    description: 'Inclui dívida prescrita: a explicação começa pelo aviso do Código Civil art. 191',
  }),
  schedule: Type.Array(ScheduleItem),
  explanation: Type.Array(Type.String()),
  label: Type.String({ description: '"6 × R$ 150,00, total R$ 900,00"' }),
});

export const OffersResponse = Type.Object({
  date: IsoDateString,
  monthlyBudgetCents: Nullable(Type.Integer()),
  monthlyIncomeCents: Nullable(Type.Integer()),
  minimumExistentialNote: Type.String(),
  groups: Type.Array(
    Type.Object({
      creditor: CreditorView,
      debtIds: Type.Array(Type.String()),
      offers: Type.Array(OfferView),
      nothingFits: Type.Boolean(),
      reason: Type.Optional(Type.String()),
    }),
  ),
  offers: Type.Array(OfferView, { description: 'Todas, as que cabem primeiro, depois o menor total' }),
  nothingFits: Type.Boolean(),
  message: Nullable(Type.String()),
  alternatives: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('proposal'), Type.Literal('talk_to_person'), Type.Literal('hardship')]),
      text: Type.String(),
    }),
  ),
});

export const ProposalBody = Type.Object(
  {
    downPaymentCents: Type.Integer({ minimum: 0, description: 'Entrada (centavos)' }),
    installmentsCount: Type.Integer({ minimum: 1, maximum: 120, description: 'Número de parcelas' }),
    installmentCents: Type.Integer({ minimum: 0, description: 'Valor de cada parcela (centavos)' }),
    creditorId: Type.Optional(Type.String({ description: 'Credor (obrigatório quando há mais de um)' })),
  },
  { additionalProperties: false },
);
export const ProposalResponse = Type.Object({
  status: Type.Union([Type.Literal('accepted'), Type.Literal('pending_approval'), Type.Literal('refused')]),
  message: Type.String(),
  reason: Type.Optional(Type.String()),
  offerId: Type.Optional(Type.String({ description: 'accepted: proposta pronta para aceitar' })),
  offer: Type.Optional(OfferView),
  answerBy: Type.Optional(IsoDateString),
  approvalId: Type.Optional(Nullable(Type.String())),
  nearestOfferId: Type.Optional(
    Nullable(Type.String({ description: 'refused: a opção mais próxima, pronta para aceitar' })),
  ),
  nearest: Type.Optional(Nullable(OfferView)),
});

export const AgreementBody = Type.Object(
  { offerId: Type.String({ description: 'Id da proposta escolhida' }) },
  { additionalProperties: false },
);
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({
    minLength: 8,
    maxLength: 100,
    description:
      'Gerada pela página (uma por aceite): toques duplos, novas tentativas e duas abas criam um só acordo',
  }),
});

const Payee = Type.Object({
  legalName: Type.String({ description: 'Recebedor: razão social' }),
  cnpj: Type.String(),
});

/** How a payment was made, as the portal names it: by Pix, by boleto (CNAB return), or otherwise. */
export const PAYMENT_METHOD_LABELS = ['Pix', 'boleto', 'outro'] as const;
export type PaymentMethodLabel = (typeof PAYMENT_METHOD_LABELS)[number];

export const InstallmentView = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  dueDate: IsoDateString,
  amountCents: Cents('Valor'),
  paidCents: Cents('Pago'),
  status: InstallmentStatusSchema,
  statusText: Type.String(),
  pixCopyPaste: Nullable(Type.String({ description: 'Pix copia e cola (nulo quando paga ou sem Pix)' })),
  pixQrSvgUrl: Nullable(Type.String()),
  pixValidUntil: Nullable(
    Type.String({
      description:
        'Até quando o Pix copia e cola pode ser pago (instante ISO; cobrança registrada no PSP). Nulo para o código estático, que não vence',
    }),
  ),
  boletoLine: Nullable(Type.String({ description: 'Linha digitável (47 dígitos)' })),
  boletoPdfUrl: Nullable(Type.String()),
  payee: Payee,
});

export const AgreementView = Type.Object({
  id: Type.String(),
  number: Type.String({ description: 'Número curto do acordo, para falar com a gente' }),
  status: AgreementStatusSchema,
  statusText: Type.String({ description: 'A situação em palavras' }),
  creditor: CreditorView,
  payee: Payee,
  createdAt: Type.String(),
  totalCents: Cents('Total'),
  balanceCents: Cents('Saldo antes do desconto'),
  discountCents: Cents('Desconto'),
  downPaymentCents: Cents('Entrada'),
  monthlyRatePercent: Type.Number(),
  cetAnnualPercent: Type.Number(),
  graceDays: Type.Integer(),
  latePolicy: Type.String(),
  paidCents: Cents('Total pago'),
  dueDateChangeAvailable: Type.Boolean(),
  cancellableUntil: Nullable(
    Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      format: 'date',
      description:
        'Último dia (AAAA-MM-DD) para desistir do acordo (CDC art. 49: 7 dias, acordo feito pela internet ou por telefone); nulo quando não cabe desistência',
    }),
  ),
  nextInstallment: Nullable(
    Type.Object({
      id: Type.String(),
      number: Type.Integer(),
      dueDate: IsoDateString,
      amountCents: Cents('A pagar'),
    }),
  ),
  installments: Type.Array(InstallmentView),
  payments: Type.Array(
    Type.Object({
      id: Type.String(),
      amountCents: Cents('Valor pago'),
      paidAt: Type.String(),
      method: literals(PAYMENT_METHOD_LABELS, { description: 'Como a pessoa pagou, em palavras' }),
      installmentId: Nullable(Type.String()),
      receiptUrl: Type.String(),
    }),
  ),
  history: Type.Array(Type.Object({ type: Type.String(), at: Type.String(), text: Type.String() })),
  termUrl: Type.String(),
  dischargeUrl: Nullable(Type.String()),
  paymentState: Type.String({ description: 'Muda quando um pagamento chega (compare ao consultar /status)' }),
});

export const AgreementsList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      number: Type.String(),
      status: AgreementStatusSchema,
      statusText: Type.String(),
      creditor: CreditorView,
      totalCents: Cents('Total'),
      paidCents: Cents('Pago'),
      createdAt: Type.String(),
      nextInstallment: Nullable(
        Type.Object({
          id: Type.String(),
          number: Type.Integer(),
          dueDate: IsoDateString,
          amountCents: Cents('A pagar'),
        }),
      ),
    }),
  ),
});

export const AgreementStatus = Type.Object({
  id: Type.String(),
  status: AgreementStatusSchema,
  paymentState: Type.String(),
  installments: Type.Array(
    Type.Object({
      id: Type.String(),
      number: Type.Integer(),
      status: InstallmentStatusSchema,
      paidCents: Type.Integer(),
    }),
  ),
});

export const OfferTermResponse = Type.Object({
  offerId: Type.String(),
  creditor: CreditorView,
  payee: Payee,
  debtor: Type.Object({ name: Type.String(), maskedDocument: Type.String() }),
  debts: Type.Array(
    Type.Object({
      id: Type.String(),
      contract: Type.String(),
      product: Nullable(Type.String()),
      dueDate: IsoDateString,
    }),
  ),
  balanceCents: Type.Integer(),
  discountCents: Type.Integer(),
  totalCents: Type.Integer(),
  downPaymentCents: Type.Integer(),
  installmentsCount: Type.Integer(),
  monthlyRatePercent: Type.Number(),
  cetAnnualPercent: Type.Number(),
  validUntil: IsoDateString,
  schedule: Type.Array(ScheduleItem),
  explanation: Type.Array(Type.String()),
  declaration: Type.String(),
});

export const DueDatesResponse = Type.Object({
  installmentId: Type.String(),
  currentDueDate: IsoDateString,
  available: Type.Boolean(),
  reason: Nullable(Type.String()),
  dates: Type.Array(
    Type.Object({ date: IsoDateString, label: Type.String({ description: '"qua, 16/04/2027"' }) }),
  ),
});
export const DueDateBody = Type.Object({ dueDate: IsoDateString }, { additionalProperties: false });

export const DisputeBody = Type.Object(
  {
    debtId: Type.String(),
    reason: Type.Union(
      [
        Type.Literal('not_mine'),
        Type.Literal('already_paid'),
        Type.Literal('wrong_amount'),
        Type.Literal('other'),
      ],
      { description: 'não é minha | já paguei | o valor está errado | outro' },
    ),
    details: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export const DisputeResponse = Type.Object({
  protocol: Type.String({ description: 'Número de protocolo' }),
  debtId: Type.String(),
  answerBy: IsoDateString,
  message: Type.String(),
});

const Time = Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'HH:MM (horário local)' });
export const CallbackBody = Type.Object(
  {
    date: IsoDateString,
    from: Time,
    to: Time,
    reason: Type.Optional(Type.Union([Type.Literal('nothing_fits'), Type.Literal('other')])),
    monthlyBudgetCents: Type.Optional(Type.Integer({ minimum: 0 })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export const CallbackResponse = Type.Object({
  id: Type.String(),
  date: IsoDateString,
  from: Type.String(),
  to: Type.String(),
  message: Type.String(),
});
export const CallbackSlots = Type.Object({
  slots: Type.Array(
    Type.Object(
      { date: IsoDateString, label: Type.String(), from: Type.String(), to: Type.String() },
      {
        description: 'Horário legal de contato do dia',
      },
    ),
  ),
});

export const HardshipBody = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: 500, description: 'O que está acontecendo (opcional)' })),
    talkToPerson: Type.Optional(Type.Boolean()),
    monthlyBudgetCents: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export const HardshipResponse = Type.Object({
  pausedUntil: Nullable(Type.String()),
  message: Type.String(),
  freeHelp: Type.String(),
});

const PrefChannel = Type.Union([
  Type.Literal('sms'),
  Type.Literal('whatsapp'),
  Type.Literal('email'),
  Type.Literal('phone'),
  Type.Literal('letter'),
]);
export const PreferencesResponse = Type.Object({
  channels: Type.Array(Type.Object({ channel: PrefChannel, optedOut: Type.Boolean() })),
  pauses: Type.Array(Type.Object({ kind: SuppressionKindSchema, until: Nullable(Type.String()) })),
});
export const PreferencesBody = Type.Object(
  {
    channels: Type.Array(
      Type.Object({ channel: PrefChannel, optedOut: Type.Boolean() }, { additionalProperties: false }),
      { maxItems: 5 },
    ),
  },
  { additionalProperties: false },
);

export const VerifyCodeResponse = Type.Object({
  found: Type.Boolean(),
  message: Type.String(),
  agency: Type.Optional(Type.String({ description: 'Razão social da assessoria' })),
  agencyCnpj: Type.Optional(Nullable(Type.String())),
  creditor: Type.Optional(Type.Object({ name: Type.String(), cnpj: Type.String() })),
  channel: Type.Optional(Type.String()),
  issuedOn: Type.Optional(IsoDateString),
});

export const MeDataQuery = Type.Object(
  { format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('pdf')])) },
  { additionalProperties: false },
);

export const PayoffQuery = Type.Object(
  { date: Type.Optional(IsoDateString) },
  { additionalProperties: false },
);
export const PayoffResponse = Type.Object(
  {
    agreementId: Type.String(),
    date: IsoDateString,
    amountCents: Cents('Quanto quita tudo nesta data'),
    reductionCents: Cents('Juros devolvidos (CDC art. 52 §2º)'),
    outstandingCents: Cents('O que falta pagar, pelo valor das parcelas'),
    validUntil: IsoDateString,
    lines: Type.Array(
      Type.Object({ number: Type.Integer(), dueDate: IsoDateString, remainingCents: Type.Integer() }),
    ),
    prepaymentOptions: Type.Array(
      Type.Object({
        installments: Type.Integer({ description: 'Quantas parcelas, contando da última' }),
        numbers: Type.Array(Type.Integer()),
        amountCents: Type.Integer(),
        reductionCents: Type.Integer(),
      }),
    ),
    pix: Nullable(Type.Object({ txid: Type.String(), brCode: Type.String() })),
    legalBasis: Type.String(),
  },
  { additionalProperties: true },
);
/** The staff route's prepayment (agreements.routes.ts `PrepaymentSchema`), the same fields. */
export const PrepaymentBody = Type.Object(
  {
    installments: Type.Integer({
      minimum: 1,
      description: 'Quantas parcelas quitar, contando da última (todas as em aberto = quitação total)',
    }),
    date: Type.Optional(IsoDateString),
  },
  { additionalProperties: false },
);
export const PrepaymentResponse = Type.Object({
  id: Type.String(),
  agreementId: Type.String(),
  installmentNumbers: Type.Array(Type.Integer(), {
    description: 'As parcelas que quita, da última para trás',
  }),
  faceCents: Cents('O que falta nelas pelo valor de face'),
  amountCents: Cents('O que as quita se pago até validUntil'),
  reductionCents: Cents('Juros devolvidos (CDC art. 52 §2º)'),
  date: IsoDateString,
  validUntil: IsoDateString,
  status: Type.Union([
    Type.Literal('open'),
    Type.Literal('paid'),
    Type.Literal('expired'),
    Type.Literal('cancelled'),
  ]),
  paidOn: Nullable(IsoDateString),
  pix: Nullable(
    Type.Object({
      txid: Type.String(),
      brCode: Nullable(Type.String({ description: 'Copia e cola; null enquanto a cobrança é registrada' })),
    }),
  ),
  boleto: Nullable(
    Type.Object(
      {
        barcode: Type.String({ description: 'Código de barras (44 dígitos)' }),
        linhaDigitavel: Type.String({ description: 'Linha digitável (47 dígitos)' }),
        nossoNumero: Type.String(),
        dueDate: IsoDateString,
        bank: Type.String({ description: 'Código do banco (3 dígitos)' }),
      },
      {
        description:
          'Boleto desta quitação, com vencimento em validUntil; vale o dia em que foi pago, mesmo que o banco confirme depois',
      },
    ),
  ),
  createdAt: Type.String(),
  legalBasis: Type.String(),
});
export const PrepaymentsResponse = Type.Object({ items: Type.Array(PrepaymentResponse) });

export const CancelResponse = Type.Object({
  agreementId: Type.String(),
  status: Type.Literal('cancelled'),
  cancelledAt: Type.String(),
  refundCents: Cents('O que foi pago e será devolvido'),
  message: Type.String(),
  legalBasis: Type.String(),
});
export const ReviewBody = Type.Object(
  {
    subject: Type.Union(
      [
        Type.Literal('offers'),
        Type.Literal('no_affordable_offer'),
        Type.Literal('proposal'),
        Type.Literal('contact'),
      ],
      { description: 'O que foi decidido automaticamente: propostas, "nada cabe", contraproposta, contato' },
    ),
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export const ReviewResponse = Type.Object({
  id: Type.String(),
  replyBy: IsoDateString,
  message: Type.String(),
});

/** POST without a payload (logout, cancel): no body, or an empty JSON object (anything sent is ignored). */
export const EmptyBody = Type.Unknown({ description: 'Sem corpo (ou {})' });

export const MeDataResponse = Type.Object(
  {
    generatedAt: Type.String(),
    controller: Type.Unknown({ description: 'A assessoria, controladora dos dados' }),
    person: Type.Unknown({ description: 'Cadastro: nome, documento, nascimento, contatos, cidade/UF' }),
    debts: Type.Array(Type.Unknown()),
    agreements: Type.Array(Type.Unknown({ description: 'Acordos, parcelas e pagamentos' })),
    disputes: Type.Array(Type.Unknown()),
    contact: Type.Unknown({ description: 'Mensagens, decisões de contato, tarefas e pausas' }),
    portalSessions: Type.Array(Type.Unknown()),
  },
  { description: 'Tudo o que guardamos sobre a pessoa (LGPD art. 18 II)' },
);
