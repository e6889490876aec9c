/**
 * CNAB 240 retorno de cobrança: the record layout (FEBRABAN 240 v10.x, cobrança; Bradesco's manual),
 * one table that the parser (cnab240.rules.ts) reads with and the test builder
 * (test/support/cnab240-builder.ts) writes with. Sources are cited in cnab240.rules.ts.
 */

/** Every record of the file is exactly this long. */
export const CNAB240_RECORD_LENGTH = 240;

export interface FieldSpec {
  start: number;
  end: number;
  key: string;
  /** pt-BR name, as in the manual. */
  label: string;
}

export function spec(start: number, end: number, key: string, label: string): FieldSpec {
  return { start, end, key, label };
}

export const width = (s: FieldSpec): number => s.end - s.start + 1;

/** Controle fields shared by every record (banco, lote, tipo de registro) and by the details. */
export const COMMON = {
  bankCode: spec(1, 3, 'bankCode', 'código do banco na compensação'),
  lotNumber: spec(4, 7, 'lotNumber', 'lote de serviço'),
  recordType: spec(8, 8, 'recordType', 'tipo de registro'),
  sequence: spec(9, 13, 'sequenceNumber', 'número sequencial do registro no lote'),
  segment: spec(14, 14, 'segment', 'código do segmento do registro detalhe'),
  movementCode: spec(16, 17, 'movementCode', 'código de movimento retorno'),
} as const;

export const FILE_HEADER = {
  companyDocumentType: spec(18, 18, 'companyDocumentType', 'tipo de inscrição da empresa'),
  companyDocument: spec(19, 32, 'companyDocument', 'número de inscrição da empresa'),
  agreementCode: spec(33, 52, 'agreementCode', 'código do convênio no banco'),
  agency: spec(53, 57, 'agency', 'agência mantenedora da conta'),
  agencyDigit: spec(58, 58, 'agencyDigit', 'dígito verificador da agência'),
  account: spec(59, 70, 'account', 'número da conta corrente'),
  accountDigit: spec(71, 71, 'accountDigit', 'dígito verificador da conta'),
  agencyAccountDigit: spec(72, 72, 'agencyAccountDigit', 'dígito verificador da agência/conta'),
  companyName: spec(73, 102, 'companyName', 'nome da empresa'),
  bankName: spec(103, 132, 'bankName', 'nome do banco'),
  fileKind: spec(143, 143, 'fileKind', 'código remessa/retorno'),
  generatedAt: spec(144, 151, 'generatedAt', 'data de geração do arquivo'),
  generatedTime: spec(152, 157, 'generatedTime', 'hora de geração do arquivo'),
  fileSequence: spec(158, 163, 'fileSequence', 'número sequencial do arquivo'),
  layoutVersion: spec(164, 166, 'layoutVersion', 'número da versão do layout do arquivo'),
  density: spec(167, 171, 'density', 'densidade de gravação do arquivo'),
} as const;

export const LOT_HEADER = {
  operationType: spec(9, 9, 'operationType', 'tipo de operação'),
  serviceType: spec(10, 11, 'serviceType', 'tipo de serviço'),
  layoutVersion: spec(14, 16, 'lotLayoutVersion', 'número da versão do layout do lote'),
  companyDocumentType: spec(18, 18, 'companyDocumentType', 'tipo de inscrição da empresa'),
  companyDocument: spec(19, 33, 'companyDocument', 'número de inscrição da empresa'),
  agreementCode: spec(34, 53, 'agreementCode', 'código do convênio no banco'),
  agency: spec(54, 58, 'agency', 'agência mantenedora da conta'),
  agencyDigit: spec(59, 59, 'agencyDigit', 'dígito verificador da agência'),
  account: spec(60, 71, 'account', 'número da conta corrente'),
  accountDigit: spec(72, 72, 'accountDigit', 'dígito verificador da conta'),
  companyName: spec(74, 103, 'companyName', 'nome da empresa'),
  returnNumber: spec(184, 191, 'returnNumber', 'número remessa/retorno'),
  recordedAt: spec(192, 199, 'recordedAt', 'data de gravação remessa/retorno'),
  creditDate: spec(200, 207, 'lotCreditDate', 'data do crédito'),
} as const;

export const SEGMENT_T = {
  agency: spec(18, 22, 'agency', 'agência mantenedora da conta'),
  agencyDigit: spec(23, 23, 'agencyDigit', 'dígito verificador da agência'),
  account: spec(24, 35, 'account', 'número da conta corrente'),
  accountDigit: spec(36, 36, 'accountDigit', 'dígito verificador da conta'),
  nossoNumero: spec(38, 57, 'nossoNumero', 'identificação do título no banco (nosso número)'),
  wallet: spec(58, 58, 'wallet', 'código da carteira'),
  documentNumber: spec(59, 73, 'documentNumber', 'número do documento de cobrança'),
  dueDate: spec(74, 81, 'dueDate', 'data do vencimento do título'),
  titleAmount: spec(82, 96, 'titleAmountCents', 'valor nominal do título'),
  collectingBank: spec(97, 99, 'collectingBank', 'número do banco cobrador/recebedor'),
  collectingAgency: spec(100, 104, 'collectingAgency', 'agência cobradora/recebedora'),
  collectingAgencyDigit: spec(105, 105, 'collectingAgencyDigit', 'dígito verificador da agência cobradora'),
  companyReference: spec(106, 130, 'companyReference', 'identificação do título na empresa'),
  currency: spec(131, 132, 'currency', 'código da moeda'),
  payerDocumentType: spec(133, 133, 'payerDocumentType', 'tipo de inscrição do pagador'),
  payerDocument: spec(134, 148, 'payerDocument', 'número de inscrição do pagador'),
  payerName: spec(149, 188, 'payerName', 'nome do pagador'),
  creditContract: spec(189, 198, 'creditContract', 'número do contrato da operação de crédito'),
  fee: spec(199, 213, 'feeCents', 'valor da tarifa/custas'),
  reasons: spec(
    214,
    223,
    'reasonCodes',
    'identificação para rejeições, tarifas, custas, liquidação e baixas',
  ),
} as const;

export const SEGMENT_U = {
  interestPenalty: spec(18, 32, 'interestPenaltyCents', 'juros/multa/encargos'),
  discount: spec(33, 47, 'discountCents', 'valor do desconto concedido'),
  rebate: spec(48, 62, 'rebateCents', 'valor do abatimento concedido/cancelado'),
  iof: spec(63, 77, 'iofCents', 'valor do IOF recolhido'),
  amountPaid: spec(78, 92, 'amountPaidCents', 'valor pago pelo pagador'),
  netCredit: spec(93, 107, 'netCreditCents', 'valor líquido a ser creditado'),
  otherExpenses: spec(108, 122, 'otherExpensesCents', 'valor de outras despesas'),
  otherCredits: spec(123, 137, 'otherCreditsCents', 'valor de outros créditos'),
  occurrenceDate: spec(138, 145, 'occurrenceDate', 'data da ocorrência'),
  creditDate: spec(146, 153, 'creditDate', 'data da efetivação do crédito'),
  payerOccurrenceCode: spec(154, 157, 'payerOccurrenceCode', 'código da ocorrência do pagador'),
  payerOccurrenceDate: spec(158, 165, 'payerOccurrenceDate', 'data da ocorrência do pagador'),
  payerOccurrenceAmount: spec(166, 180, 'payerOccurrenceAmount', 'valor da ocorrência do pagador'),
  payerOccurrenceText: spec(181, 210, 'payerOccurrenceText', 'complemento da ocorrência do pagador'),
  correspondentBank: spec(211, 213, 'correspondentBank', 'código do banco correspondente'),
  correspondentNossoNumero: spec(
    214,
    233,
    'correspondentNossoNumero',
    'nosso número no banco correspondente',
  ),
} as const;

export const LOT_TRAILER = {
  recordCount: spec(18, 23, 'lotRecordCount', 'quantidade de registros no lote'),
  simpleCount: spec(24, 29, 'simpleCount', 'quantidade de títulos em cobrança simples'),
  simpleAmount: spec(30, 46, 'simpleAmount', 'valor total dos títulos em cobrança simples'),
  linkedCount: spec(47, 52, 'linkedCount', 'quantidade de títulos em cobrança vinculada'),
  linkedAmount: spec(53, 69, 'linkedAmount', 'valor total dos títulos em cobrança vinculada'),
  pledgedCount: spec(70, 75, 'pledgedCount', 'quantidade de títulos em cobrança caucionada'),
  pledgedAmount: spec(76, 92, 'pledgedAmount', 'valor total dos títulos em cobrança caucionada'),
  discountedCount: spec(93, 98, 'discountedCount', 'quantidade de títulos em cobrança descontada'),
  discountedAmount: spec(99, 115, 'discountedAmount', 'valor total dos títulos em cobrança descontada'),
} as const;

export const FILE_TRAILER = {
  lotCount: spec(18, 23, 'lotCount', 'quantidade de lotes do arquivo'),
  recordCount: spec(24, 29, 'recordCount', 'quantidade de registros do arquivo'),
  accountCount: spec(30, 35, 'accountCount', 'quantidade de contas para conciliação'),
} as const;

/** Tipo de registro (position 8). */
export const RECORD = {
  fileHeader: '0',
  lotHeader: '1',
  detail: '3',
  lotTrailer: '5',
  fileTrailer: '9',
} as const;
/** Lote de serviço of the file header and trailer. */
export const FILE_HEADER_LOT = '0000';
export const FILE_TRAILER_LOT = '9999';
/** Código remessa/retorno (header 143). */
export const REMESSA = '1';
export const RETORNO = '2';
/** Lot header: tipo de operação 'T' = arquivo retorno; tipo de serviço '01' = cobrança. */
export const OPERATION_RETORNO = 'T';
export const SERVICE_COBRANCA = '01';
/** The sequence number is 9(5): a lot holds at most 99 999 detail records. */
export const MAX_DETAILS_PER_LOT = 99_999;
