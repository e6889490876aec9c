/**
 * Who owns which table, and the reads across modules that are allowed. docs/adr/0003-table-ownership.md
 * mirrors this file (the ADR explains; this is what the architecture test reads).
 */
import type { ForeignRead, Ownership } from './rules.ts';

export const TABLE_OWNERSHIP: Ownership = {
  // The kernel's own: the migration runner (platform/migrate.ts); no repository touches it.
  platform: ['schema_migrations'],
  identity: ['tenants', 'tenant_limits', 'api_tokens', 'audit_events'],
  agency: ['agency_profiles'],
  creditors: ['creditors'],
  portfolio: [
    'debtors',
    'creditor_debtors',
    'debtor_contacts',
    'contact_confirmations',
    'debts',
    'imports',
    'import_uploads',
    'charge_freezes',
  ],
  balance: ['index_values'],
  negotiation: ['negotiation_policies', 'negotiation_settings', 'offers', 'approvals'],
  agreements: ['agreements', 'agreement_installments', 'agreement_events', 'agreement_prepayments'],
  payments: ['payment_settings', 'pix_webhook_secrets', 'charges'],
  settlement: ['payments', 'cnab_files'],
  contact: [
    'templates',
    'template_versions',
    'cadences',
    'contact_suppressions',
    'contact_flags',
    'outbox',
    'contact_events',
    'agent_tasks',
    'inbound_messages',
  ],
  portal: [
    'portal_identifications',
    'portal_codes',
    'portal_sessions',
    'portal_rate_limits',
    'portal_disputes',
  ],
};

/**
 * The only reads of another module's tables, each for one repository and with its reason. Writes to
 * another module's table are never allowed (they go through that module's index).
 */
export const FOREIGN_READS: readonly ForeignRead[] = [
  {
    repository: 'src/modules/contact/sweep.repository.ts',
    tables: ['debts', 'agreements', 'agreement_installments', 'agreement_events', 'payments'],
    reason:
      'The daily sweep is set-based: one INSERT … SELECT per cadence step writes the outbox rows of every ' +
      'debtor the step reaches. A million debts cannot go through per-row service calls (benchmarks.md).',
  },
  {
    repository: 'src/modules/contact/context.repository.ts',
    tables: [
      'debtors',
      'creditor_debtors',
      'creditors',
      'debts',
      'agreements',
      'agreement_installments',
      'payments',
    ],
    reason:
      'The context of each outbox message the dispatcher sends (contact data, creditor identification of ' +
      'CDC art. 42-A, the debts, installment and agreement it is about) in a handful of queries per ' +
      'message, inside the dispatch loop, without a principal: the services would need one.',
  },
  {
    repository: 'src/modules/contact/plan.repository.ts',
    tables: ['agreements', 'agreement_installments', 'agreement_events'],
    reason:
      'The contact plan of one debtor reads the rows the sweep reads in bulk, the same way, so the preview ' +
      "agrees with what the sweep will do. The debtor and their debts come from portfolio's index.",
  },
  {
    repository: 'src/modules/contact/contact.repository.ts',
    tables: ['creditor_debtors', 'debtor_contacts'],
    reason:
      'Who an inbound reply is from: the debtor last written to at this phone or e-mail, one query of the ' +
      "outbox (contact's) over the contacts of every source, across tenants (a webhook has no principal).",
  },
  {
    repository: 'src/modules/settlement/settlement.repository.ts',
    tables: ['agreements', 'debtors'],
    reason:
      'The reconciliation export names the debtor of each agreement: one query per thousand payments ' +
      '(agreements joined with debtors, by tenant) instead of a service call per row.',
  },
  {
    repository: 'src/modules/identity/identity.repository.ts',
    tables: ['creditors'],
    reason:
      "Issuing a creditor token checks that the creditor is in the token's tenant. Identity cannot use " +
      "creditors' index: creditors depends on identity (Principal, can, recordAudit), and the check " +
      'must not require a principal.',
  },
];
