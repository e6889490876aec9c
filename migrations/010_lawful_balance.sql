-- Lawful balance (issue #12): terms say "agreed X%" or "not agreed"; product type, prescription
-- interruption and the lawyer per debt; more index tables (INPC, IGP-M, taxa legal).

-- Creditor terms. NULL = the contract does not provide it: no fine (Código Civil arts. 408-409) and,
-- for interest, the taxa legal (CC art. 406, Lei 14.905/2024).
ALTER TABLE creditors ALTER COLUMN fine_percent DROP NOT NULL;
ALTER TABLE creditors ALTER COLUMN fine_percent DROP DEFAULT;
ALTER TABLE creditors ALTER COLUMN monthly_interest_percent DROP NOT NULL;
ALTER TABLE creditors ALTER COLUMN monthly_interest_percent DROP DEFAULT;
-- Remuneratory interest of a financial institution's contract after default (Res. CMN 4.882/2020),
-- charged beside moratory interest (at most 1% a month, STJ Súmula 379). NULL = none.
ALTER TABLE creditors ADD COLUMN remuneratory_interest_percent numeric(9,6);
ALTER TABLE creditors ALTER COLUMN correction_index SET DEFAULT 'IPCA';
ALTER TABLE creditors DROP CONSTRAINT creditors_correction_index_check;
ALTER TABLE creditors ADD CONSTRAINT creditors_correction_index_check
  CHECK (correction_index IN ('none', 'IPCA', 'INPC', 'IGPM'));

-- Existing creditors: until now every creditor row carried a fine and an interest rate, because the
-- API filled 2% and 1% a month when the creditor did not say, and nothing recorded whether a value was
-- typed or filled in. The rule applied (docs/legal.md, "Migração dos termos"): a value equal to the old
-- default (fine 2%, interest 1% a month) is taken as a default and becomes "not agreed"; any other value
-- was typed by someone and is kept. A creditor whose contract really has 2% / 1% says so again with
-- PUT /api/v1/creditors/{id}. This can only lower balances (no fine; taxa legal instead of 1% a month
-- from 30/08/2024), never raise them.
UPDATE creditors SET fine_percent = NULL WHERE fine_percent = 2;
UPDATE creditors SET monthly_interest_percent = NULL WHERE monthly_interest_percent = 1;

-- Debts.
ALTER TABLE debts ADD COLUMN product_type text CHECK (product_type IN (
  'written_instrument', 'loan', 'credit_card_revolving', 'credit_card_installment', 'rent', 'lodging_food',
  'professional_fees'));
-- A per-debt "not agreed" (the CSV's `nao` in fine_percent / monthly_interest_percent): it overrides a
-- creditor that has the term; an empty cell (NULL percent and false here) inherits the creditor's.
ALTER TABLE debts ADD COLUMN fine_not_agreed boolean NOT NULL DEFAULT false;
ALTER TABLE debts ADD COLUMN interest_not_agreed boolean NOT NULL DEFAULT false;
-- Prescription: starts at the due date; interrupted once (CC art. 202 caput, VI and sole paragraph) by
-- an acknowledgment (accepted agreement, partial payment, or the creditor's last_acknowledgment_date).
ALTER TABLE debts ADD COLUMN prescription_interrupted_on date;
-- The lawyer who acts on the debt (honorários only from this date, REsp 1.274.629/AP).
ALTER TABLE debts ADD COLUMN lawyer_name text;
ALTER TABLE debts ADD COLUMN lawyer_oab text;
ALTER TABLE debts ADD COLUMN lawyer_assigned_on date;
ALTER TABLE debts ADD CONSTRAINT debts_lawyer_complete CHECK (
  (lawyer_name IS NULL) = (lawyer_assigned_on IS NULL) AND (lawyer_name IS NULL) = (lawyer_oab IS NULL));

-- Index tables: correction indexes contracts use and the taxa legal.
ALTER TABLE index_values DROP CONSTRAINT index_values_index_name_check;
ALTER TABLE index_values ADD CONSTRAINT index_values_index_name_check
  CHECK (index_name IN ('IPCA', 'INPC', 'IGPM', 'TAXA_LEGAL'));
