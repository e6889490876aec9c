import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables (see migrations/). Each module's repository is the only SQL on its tables. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Numeric = ColumnType<string, string | number, string | number>;
type Json<T> = ColumnType<T, string, string>;

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  created_at: Generated<Date>;
}

export interface CreditorsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  document: string;
  address: Json<unknown>;
  /** NULL = the contract does not provide a fine (CC arts. 408-409). */
  fine_percent: Numeric | null;
  /** NULL = not agreed: the taxa legal applies (CC art. 406). */
  monthly_interest_percent: Numeric | null;
  remuneratory_interest_percent: Numeric | null;
  correction_index: 'none' | 'IPCA' | 'INPC' | 'IGPM';
  fees_percent: Numeric;
  fees_in_contract: boolean;
  financial_institution: boolean;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface InboundMessagesTable {
  provider: 'sms' | 'whatsapp';
  provider_message_id: string;
  received_at: Generated<Date>;
}

export interface ApiTokensTable {
  id: Generated<string>;
  tenant_id: string;
  role: 'admin' | 'manager' | 'agent' | 'creditor';
  creditor_id: string | null;
  token_hash: string;
  label: string | null;
  created_at: Generated<Date>;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  expires_at: Timestamp | null;
  /** The human holding the token (e-mail or name); four eyes compares it (migration 023). */
  person: string | null;
}

export interface DebtorsTable {
  id: Generated<string>;
  tenant_id: string;
  document: string;
  document_kind: 'cpf' | 'cnpj';
  name: string;
  birth_date: string | null;
  email: string | null;
  phone: string | null;
  state: string | null;
  city: string | null;
  /** The creditor whose import created this record: only its imports update it. */
  source_creditor_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface DebtsTable {
  id: Generated<string>;
  tenant_id: string;
  creditor_id: string;
  debtor_id: string;
  external_id: string;
  product: string | null;
  original_amount_cents: ColumnType<number, number, number>;
  /** Deducted from the principal when an agreement covering the debt broke after payments. */
  paid_cents: Generated<number>;
  /** Agreements covering this debt that broke: the policy's maxRenegotiations is counted against it. */
  broken_agreements: Generated<number>;
  due_date: string;
  fine_percent: Numeric | null;
  monthly_interest_percent: Numeric | null;
  fees_percent: Numeric | null;
  product_type: string | null;
  fine_not_agreed: Generated<boolean>;
  interest_not_agreed: Generated<boolean>;
  prescription_interrupted_on: string | null;
  lawyer_name: string | null;
  lawyer_oab: string | null;
  lawyer_assigned_on: string | null;
  status: Generated<string>;
  import_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CreditorDebtorsTable {
  creditor_id: string;
  debtor_id: string;
  tenant_id: string;
  name: string;
  birth_date: string | null;
  email: string | null;
  phone: string | null;
  state: string | null;
  city: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type ContactKind = 'phone' | 'email';

export interface DebtorContactsTable {
  id: Generated<string>;
  tenant_id: string;
  debtor_id: string;
  kind: ContactKind;
  value: string;
  source: 'debtor' | 'agent';
  created_by: string;
  created_at: Generated<Date>;
}

export interface ContactConfirmationsTable {
  tenant_id: string;
  debtor_id: string;
  kind: ContactKind;
  value: string;
  method: string;
  confirmed_at: Timestamp;
  /** The creditors this confirmation counts for (the scope of the session that confirmed it). */
  creditor_ids: Generated<string[]>;
}

export interface ImportsTable {
  id: Generated<string>;
  tenant_id: string;
  creditor_id: string;
  mode: 'all' | 'partial';
  status: 'queued' | 'running' | 'completed' | 'rejected' | 'failed';
  file_sha256: string | null;
  file_bytes: Generated<number>;
  lines: Generated<number>;
  accepted: Generated<number>;
  rejected: Generated<number>;
  created_count: Generated<number>;
  updated_count: Generated<number>;
  unchanged_count: Generated<number>;
  errors_total: Generated<number>;
  errors: Json<unknown[]>;
  warnings: Json<string[]>;
  line_warnings: ColumnType<unknown, string | undefined, string>;
  line_warnings_total: Generated<number>;
  failure: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  finished_at: Timestamp | null;
  /** 'applying': validated and classified, the report is final, the chunked upserts are under way. */
  apply_state: 'applying' | 'applied' | null;
  /** The last debtor document whose lines were applied (the apply resumes after it). */
  applied_through: string | null;
}

/** The validated lines of an import, staged chunk by chunk (ADR 0004); deleted when it finishes. */
export interface ImportStagingTable {
  import_id: string;
  line: number;
  document: string;
  document_kind: string;
  name: string;
  birth_date: string | null;
  email: string | null;
  phone: string | null;
  state: string | null;
  city: string | null;
  external_id: string;
  product: string | null;
  amount_cents: number;
  due_date: string;
  fine_percent: Numeric | null;
  monthly_interest_percent: Numeric | null;
  fees_percent: Numeric | null;
  debt_id: string;
  debtor_id: string;
  fine_not_agreed: boolean;
  interest_not_agreed: boolean;
  product_type: string | null;
  acknowledged_on: string | null;
  rejected: Generated<boolean>;
}

export interface ImportUploadsTable {
  import_id: string;
  seq: number;
  chunk: Uint8Array;
}

export interface IndexValuesTable {
  tenant_id: string;
  index_name: 'IPCA' | 'INPC' | 'IGPM' | 'TAXA_LEGAL';
  month: string;
  percent: Numeric;
  source: string | null;
  loaded_at: Generated<Date>;
}

export interface AuditEventsTable {
  id: Generated<number>;
  tenant_id: string | null;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  details: Json<Record<string, unknown>>;
  at: Generated<Date>;
}

export interface NegotiationPoliciesTable {
  creditor_id: string;
  tenant_id: string;
  policy: Json<unknown>;
  updated_by: string;
  updated_at: Generated<Date>;
}

export interface OffersTable {
  id: Generated<string>;
  tenant_id: string;
  creditor_id: string;
  debtor_id: string;
  debt_ids: string[];
  kind: 'lump_sum' | 'installments';
  installments_count: number;
  down_payment_cents: ColumnType<number, number, number>;
  total_cents: ColumnType<number, number, number>;
  discount_cents: ColumnType<number, number, number>;
  balance_cents: ColumnType<number, number, number>;
  monthly_rate_percent: Numeric;
  cet_annual_percent: Numeric;
  offer_date: string;
  /** Asked for another date than today: shown, never accepted. */
  simulation: Generated<boolean>;
  origin: Generated<'policy' | 'proposal' | 'approval'>;
  valid_until: string;
  schedule: Json<unknown>;
  explanation: Json<unknown>;
  created_by: string;
  created_at: Generated<Date>;
  /** Issue 12: the annual rate beside the CET (CDC art. 52 II; art. 54-B). */
  effective_annual_rate_percent: ColumnType<string, string | number | undefined, string | number>;
  interest_method: Generated<'compound' | 'simple' | 'none'>;
  validity_days: number | null;
  includes_prescribed_debt: Generated<boolean>;
}

/** Per-tenant negotiation settings (issue 12): the mínimo existencial. */
export interface NegotiationSettingsTable {
  tenant_id: string;
  minimum_existential_cents: ColumnType<number, number, number>;
  updated_by: string;
  updated_at: Generated<Date>;
}

export interface AgreementsTable {
  id: Generated<string>;
  tenant_id: string;
  creditor_id: string;
  debtor_id: string;
  offer_id: string;
  idempotency_key: string | null;
  status: Generated<'active' | 'paid' | 'broken' | 'renegotiated' | 'cancelled'>;
  effective_annual_rate_percent: ColumnType<string, string | number | undefined, string | number>;
  interest_method: Generated<'compound' | 'simple' | 'none'>;
  /** How it was made: CDC art. 49 gives 7 days to cancel one made online or by phone. */
  origin: Generated<'online' | 'phone' | 'in_person'>;
  includes_prescribed_debt: Generated<boolean>;
  cancelled_at: Date | null;
  debt_ids: string[];
  balance_cents: ColumnType<number, number, number>;
  discount_cents: ColumnType<number, number, number>;
  down_payment_cents: ColumnType<number, number, number>;
  total_cents: ColumnType<number, number, number>;
  monthly_rate_percent: Numeric;
  cet_annual_percent: Numeric;
  grace_days: number;
  /** 0 for a first agreement; n for the n-th renegotiation of its debts after breaks. */
  renegotiation_number: Generated<number>;
  /** The agreement that renegotiated this one after it broke. */
  renegotiated_by: string | null;
  created_by: string;
  created_at: Generated<Date>;
}

export interface AgreementInstallmentsTable {
  id: Generated<string>;
  agreement_id: string;
  number: number;
  due_date: string;
  amount_cents: ColumnType<number, number, number>;
  paid_cents: Generated<number>;
  status: Generated<'pending' | 'late' | 'paid'>;
  /** Interest given back by a prepayment (CDC art. 52 §2º): paid + reduction = amount settles it. */
  reduction_cents: Generated<number>;
  prepayment_id: string | null;
}

export interface AgreementPrepaymentsTable {
  id: Generated<string>;
  tenant_id: string;
  agreement_id: string;
  creditor_id: string;
  installment_numbers: number[];
  installment_ids: string[];
  face_cents: ColumnType<number, number, number>;
  amount_cents: ColumnType<number, number, number>;
  reduction_cents: ColumnType<number, number, number>;
  quote_date: string;
  valid_until: string;
  status: Generated<'open' | 'paid' | 'expired' | 'cancelled'>;
  paid_on: string | null;
  payment_id: string | null;
  created_by: string;
  created_at: Generated<Date>;
}

export interface AgreementEventsTable {
  id: Generated<number>;
  agreement_id: string;
  type: string;
  actor: string;
  details: Json<Record<string, unknown>>;
  at: Generated<Date>;
}

export interface ApprovalsTable {
  id: Generated<string>;
  tenant_id: string;
  creditor_id: string;
  debtor_id: string;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  reason: string;
  extra_discount_percent: Numeric;
  proposal: Json<unknown>;
  offer: Json<unknown>;
  offer_date: string;
  offer_id: string | null;
  requested_by: string;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  created_at: Generated<Date>;
}

export interface PaymentSettingsTable {
  creditor_id: string;
  tenant_id: string;
  pix: Json<unknown> | null;
  boleto: Json<unknown> | null;
  next_boleto_sequence: ColumnType<number, number | undefined, number>;
  updated_by: string;
  updated_at: Generated<Date>;
}

export interface PixWebhookSecretsTable {
  tenant_id: string;
  secret_hash: string;
  updated_by: string;
  updated_at: Generated<Date>;
}

export interface ChargesTable {
  id: Generated<string>;
  tenant_id: string;
  creditor_id: string;
  /** An installment's charge, or (prepayment_id) a prepayment's: exactly one of the two. */
  installment_id: string | null;
  prepayment_id: Generated<string | null>;
  amount_cents: ColumnType<number, number, number>;
  due_date: string;
  pix_txid: string | null;
  pix_br_code: string | null;
  pix_location: string | null;
  pix_expires_at: Timestamp | null;
  boleto_bank: string | null;
  nosso_numero: string | null;
  nosso_numero_display: string | null;
  barcode: string | null;
  linha_digitavel: string | null;
  created_at: Generated<Date>;
}

export interface PaymentsTable {
  id: Generated<string>;
  tenant_id: string;
  source: 'pix' | 'cnab240' | 'manual';
  external_id: string;
  status: 'applied' | 'unmatched' | 'review';
  amount_cents: ColumnType<number, number, number>;
  paid_at: Timestamp;
  txid: string | null;
  nosso_numero: string | null;
  charge_id: string | null;
  installment_id: string | null;
  agreement_id: string | null;
  creditor_id: string | null;
  applied_cents: ColumnType<number, number | undefined, number>;
  debt_applied_cents: ColumnType<number, number | undefined, number>;
  credit_cents: ColumnType<number, number | undefined, number>;
  refund_status: Generated<'none' | 'pending' | 'refunded'>;
  payer_info: string | null;
  raw: Json<unknown>;
  assigned_by: string | null;
  assigned_at: Date | null;
  received_at: Generated<Date>;
  /** Issue 12 (CDC art. 42 sole paragraph): why the payment left a credit. */
  overpayment_cause: 'debtor' | 'platform_reissued_charge' | 'platform_computation_error' | null;
  overpayment_justifiable: Generated<boolean>;
  overpayment_note: string | null;
  refund_due_cents: ColumnType<number | null, number | null | undefined, number | null>;
  /** The prepayment (CDC art. 52 §2º) this payment settled, when it was one. */
  prepayment_id: Generated<string | null>;
}

/** Portfolio: periods in which the charges of a debtor's debts are frozen (repactuação, CDC art. 104-A). */
export interface ChargeFreezesTable {
  id: Generated<string>;
  tenant_id: string;
  debtor_id: string;
  source_id: string;
  reason: 'repactuation';
  from_date: string;
  until_date: string | null;
  created_by: string;
  created_at: Generated<Date>;
}

export interface CnabFilesTable {
  id: Generated<string>;
  tenant_id: string;
  sha256: string;
  bank_code: string;
  entries: number;
  results: Json<unknown>;
  received_by: string;
  received_at: Generated<Date>;
}

export interface TemplatesTable {
  id: Generated<string>;
  tenant_id: string;
  /** The creditor it belongs to; null: shared by the tenant. */
  creditor_id: Generated<string | null>;
  key: string;
  name: string;
  channel: string;
  transactional: Generated<boolean>;
  version: Generated<number>;
  content: Json<unknown>;
  updated_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface TemplateVersionsTable {
  template_id: string;
  version: number;
  content: Json<unknown>;
  created_by: string;
  created_at: Generated<Date>;
}

export interface CadencesTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  creditor_id: string | null;
  segment: string | null;
  active: Generated<boolean>;
  steps: Json<unknown>;
  updated_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ContactSuppressionsTable {
  id: Generated<string>;
  tenant_id: string;
  debtor_id: string;
  kind: 'opt_out' | 'dispute' | 'hardship' | 'repactuation';
  channel: string | null;
  until: Date | null;
  note: string | null;
  created_by: string;
  created_at: Generated<Date>;
  /** The creditors it counts for (a portal session's scope); null: every creditor. */
  creditor_ids: string[] | null;
}

export interface ContactFlagsTable {
  debtor_id: string;
  tenant_id: string;
  deceased: Generated<boolean>;
  vulnerable: Generated<boolean>;
  identity_verified: Generated<boolean>;
  last_conversation_at: Date | null;
  updated_at: Generated<Date>;
}

export interface OutboxTable {
  id: Generated<string>;
  tenant_id: string;
  debtor_id: string;
  creditor_id: string;
  cadence_id: string;
  step_id: string;
  run_date: string;
  channel: string;
  template_id: string;
  debt_ids: string[];
  installment_id: string | null;
  payment_id: Generated<string | null>;
  status: Generated<'pending' | 'sending' | 'sent' | 'deferred' | 'suppressed' | 'failed' | 'task'>;
  not_before: Timestamp;
  attempts: Generated<number>;
  reason: string | null;
  legal_basis: string | null;
  template_version: number | null;
  rendered_mode: string | null;
  provider: string | null;
  provider_message_id: string | null;
  delivery_status: string | null;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: Date | null;
  /** Printed on the message or letter; checked on the portal's public "é mesmo da gente?" page. */
  verification_code: Generated<string | null>;
}

export interface ContactEventsTable {
  id: Generated<number>;
  tenant_id: string;
  debtor_id: string | null;
  outbox_id: string | null;
  type: string;
  channel: string | null;
  reason: string | null;
  details: Json<unknown>;
  at: Generated<Date>;
}

export type AgentTaskKind =
  | 'inbound_reply'
  | 'phone_call'
  | 'callback'
  | 'dispute'
  | 'help_request'
  | 'human_review';

export interface AgentTasksTable {
  id: Generated<string>;
  tenant_id: string;
  debtor_id: string | null;
  kind: AgentTaskKind;
  channel: string | null;
  text: string | null;
  outbox_id: string | null;
  /** What the agent needs to pick it up (e.g. the budget the person gave). */
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  status: Generated<'open' | 'done'>;
  created_at: Generated<Date>;
  /** When the person asked to be called (callback): the start of their window. */
  due_at: Generated<Date | null>;
}

export interface PortalIdentificationsTable {
  tenant_id: string;
  subject: string;
  failed_attempts: Generated<number>;
  locked_until: Date | null;
  updated_at: Generated<Date>;
}

export interface PortalCodesTable {
  id: Generated<string>;
  tenant_id: string;
  subject: string;
  debtor_id: string | null;
  code_hash: string;
  channel: string | null;
  /** The address the code went to. */
  contact_value: string | null;
  /** The creditors that contact vouched for (supplied it, or it was confirmed for them). */
  creditor_ids: Generated<string[]>;
  expires_at: Date;
  used_at: Date | null;
  created_at: Generated<Date>;
}

export interface PortalSessionsTable {
  id_hash: string;
  tenant_id: string;
  debtor_id: string;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
  /** The session's scope: the creditors whose debts it shows and acts on. */
  creditor_ids: Generated<string[]>;
}

export interface PortalRateLimitsTable {
  key: string;
  window_start: Date;
  hits: Generated<number>;
}

export interface PortalDisputesTable {
  id: Generated<string>;
  tenant_id: string;
  debtor_id: string;
  debt_id: string;
  protocol: string;
  reason: 'not_mine' | 'already_paid' | 'wrong_amount' | 'other';
  details: string | null;
  status: Generated<'open' | 'answered'>;
  answer_by: string;
  created_at: Generated<Date>;
}

export interface AgencyProfilesTable {
  tenant_id: string;
  legal_name: string;
  trade_name: string;
  document: string;
  address: Json<unknown>;
  phone: string;
  email: string;
  whatsapp: string | null;
  website: string | null;
  updated_at: Generated<Date>;
  updated_by: string;
}

/** A tenant's own limits (migration 024); null = the environment's default. */
export interface TenantLimitsTable {
  tenant_id: string;
  requests_per_minute: number | null;
  max_upload_bytes: number | null;
  max_pix_per_webhook: number | null;
  updated_at: Generated<Date>;
  updated_by: string;
}

export interface Schema {
  tenants: TenantsTable;
  tenant_limits: TenantLimitsTable;
  agency_profiles: AgencyProfilesTable;
  creditors: CreditorsTable;
  api_tokens: ApiTokensTable;
  debtors: DebtorsTable;
  debts: DebtsTable;
  creditor_debtors: CreditorDebtorsTable;
  debtor_contacts: DebtorContactsTable;
  contact_confirmations: ContactConfirmationsTable;
  imports: ImportsTable;
  import_uploads: ImportUploadsTable;
  import_staging: ImportStagingTable;
  index_values: IndexValuesTable;
  audit_events: AuditEventsTable;
  negotiation_policies: NegotiationPoliciesTable;
  offers: OffersTable;
  approvals: ApprovalsTable;
  agreements: AgreementsTable;
  agreement_installments: AgreementInstallmentsTable;
  agreement_events: AgreementEventsTable;
  payment_settings: PaymentSettingsTable;
  pix_webhook_secrets: PixWebhookSecretsTable;
  charges: ChargesTable;
  agreement_prepayments: AgreementPrepaymentsTable;
  charge_freezes: ChargeFreezesTable;
  payments: PaymentsTable;
  cnab_files: CnabFilesTable;
  templates: TemplatesTable;
  template_versions: TemplateVersionsTable;
  cadences: CadencesTable;
  contact_suppressions: ContactSuppressionsTable;
  contact_flags: ContactFlagsTable;
  outbox: OutboxTable;
  contact_events: ContactEventsTable;
  agent_tasks: AgentTasksTable;
  negotiation_settings: NegotiationSettingsTable;
  portal_identifications: PortalIdentificationsTable;
  portal_codes: PortalCodesTable;
  portal_sessions: PortalSessionsTable;
  portal_rate_limits: PortalRateLimitsTable;
  portal_disputes: PortalDisputesTable;
  inbound_messages: InboundMessagesTable;
  schema_migrations: { version: string; applied_at: Generated<Date> };
}
