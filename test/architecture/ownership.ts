/**
 * Who owns which table, and the reads across modules that are allowed. docs/adr/0003-table-ownership.md
 * mirrors this file (the ADR explains; this is what the architecture test reads).
 */
import type { ForeignRead, Ownership } from './rules.ts';

export const TABLE_OWNERSHIP: Ownership = {
  identity: ['tenants', 'api_tokens', 'audit_events'],
  creditors: ['creditors'],
  portfolio: ['debtors', 'creditor_debtors', 'debts', 'imports', 'import_uploads'],
  balance: ['index_values'],
  negotiation: ['negotiation_policies', 'offers', 'approvals'],
  agreements: ['agreements', 'agreement_installments', 'agreement_events'],
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
  ],
  portal: [
    'portal_identifications',
    'portal_codes',
    'portal_sessions',
    'portal_rate_limits',
    'portal_disputes',
  ],
};

export const FOREIGN_READS: readonly ForeignRead[] = [];
