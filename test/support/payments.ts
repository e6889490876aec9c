import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { webhookBody } from '../../src/modules/payments/index.ts';
import type { Api, TestApp } from './app.ts';
import { buildCnab240Return, type CnabReturnBuildEntry } from './cnab240-builder.ts';

/** One Pix as the PSP notifies it (`webhookBody`'s entries). */
export type PixNotice = Parameters<typeof webhookBody>[0][number];

/**
 * The PSP's notification to `POST /api/v1/webhooks/pix`: the payments given (or a body as is), with
 * the tenant's webhook secret in `X-Webhook-Secret` (`null`: without it).
 */
export function pixWebhook(
  t: TestApp,
  secret: string | null,
  payments: readonly PixNotice[] | { body: unknown },
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks/pix',
    ...(secret !== null ? { headers: { 'x-webhook-secret': secret } } : {}),
    payload: ('body' in payments ? payments.body : webhookBody(payments)) as object,
  });
}

/**
 * The payment settings of the test creditor (Loja Teste Ltda, CNPJ 11.222.333/0001-81): Pix on that
 * CNPJ key, charges created at the PSP simulator at `pspUrl`, and Bradesco boletos.
 */
export function pixAndBoletoSettings(pspUrl: string) {
  return {
    pix: {
      key: '11.222.333/0001-81',
      receiverName: 'Loja Teste Ltda',
      city: 'São Paulo',
      psp: { baseUrl: pspUrl, clientId: 'trato', clientSecret: 'segredo-cliente' },
    },
    boleto: { bank: '237', agency: '1234', account: '12345', wallet: '09' },
  };
}

/**
 * Plans a prepayment gives interest back on: simple interest at 1% a month (the most a creditor outside
 * the SFN may charge), up to 6 installments of at least R$ 1,00, no down payment.
 */
export const ONE_PERCENT_PLANS = {
  maxInstallments: 6,
  minInstallmentCents: 100,
  minDownPaymentPercent: 0,
  installmentMonthlyRatePercent: 1,
};

/** Pix on the test creditor's CNPJ key (a static BR Code, no PSP) and the tenant's Pix webhook secret. */
export async function staticPix(api: Api, creditorId: string, webhookSecret: string) {
  const settings = await api('PUT', `/api/v1/creditors/${creditorId}/payment-settings`, {
    pix: { key: '11.222.333/0001-81', receiverName: 'Loja Teste Ltda', city: 'São Paulo' },
  });
  expect(settings.statusCode, settings.payload).toBe(200);
  const secret = await api('PUT', '/api/v1/settings/pix-webhook', { secret: webhookSecret });
  expect(secret.statusCode, secret.payload).toBe(204);
}

/** A Bradesco CNAB 240 return file for the test creditor's account (agency 1234, account 12345 unless said). */
export function cnabReturn(fileSequence: number, entries: CnabReturnBuildEntry[], account = '12345'): string {
  return buildCnab240Return({
    bankCode: '237',
    companyName: 'Loja Teste Ltda',
    companyDocument: '11222333000181',
    agency: '1234',
    account,
    fileSequence,
    generatedAt: '2026-11-24',
    entries,
  });
}
