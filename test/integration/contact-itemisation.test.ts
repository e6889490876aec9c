import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adaptersFor, dispatchDue, sweepDay } from '../../src/modules/contact/index.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { creditorBody, startTestApp, type TestApp } from '../support/app.ts';

/** Issue #12 item 15: RJ collection calls are itemised and announce the recording; SP's are not. */
let t: TestApp;
let admin: string;
const ids: Record<string, string> = {};

async function api(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { authorization: admin },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
}

beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock('2026-11-23T14:00:00Z') });
  admin = await t.token('admin');
  const creditorId = (await api('POST', '/api/v1/creditors', creditorBody())).json().id;
  await t.app.inject({
    method: 'POST',
    url: `/api/v1/creditors/${creditorId}/imports`,
    headers: { authorization: admin, 'content-type': 'text/csv' },
    payload:
      'document;name;state;phone;external_id;original_amount;due_date\n' +
      '52998224725;Maria;RJ;+5521987650001;M-1;500,00;2026-11-20\n' +
      '11144477735;João;SP;+5511987650002;J-1;500,00;2026-11-20\n',
  });
  for (const [key, doc] of [
    ['maria', '52998224725'],
    ['joao', '11144477735'],
  ]) {
    ids[key!] = (await api('GET', `/api/v1/debtors?document=${doc}`)).json().items[0].id;
    // Identity verified: the full script (with amounts) is used.
    await api('PUT', `/api/v1/debtors/${ids[key!]}/contact-flags`, { identityVerified: true });
  }
  const templates = (await api('GET', '/api/v1/templates')).json().items as { id: string; key: string }[];
  await api('POST', '/api/v1/cadences', {
    name: 'Ligação',
    steps: [
      {
        id: 'ligar-d3',
        anchor: 'debt_due',
        offsetDays: 3,
        channel: 'phone',
        templateId: templates.find((x) => x.key === 'phone-call-script')!.id,
      },
    ],
  });
});
afterAll(async () => t?.close());

describe('itemised collection calls', () => {
  it('RJ: the script starts with the recording notice and ends with the original value and each addition', async () => {
    expect(await sweepDay(t.rt.ctx, '2026-11-23')).toMatchObject({ written: 2 });
    const r = await dispatchDue(t.rt.ctx, {
      adapters: adaptersFor(t.rt.ctx.config.messaging),
      now: new Date('2026-11-23T14:00:00Z'),
    });
    expect(r).toMatchObject({ tasks: 2 });
    const tasks = (await api('GET', '/api/v1/tasks')).json().items as { debtorId: string; text: string }[];
    const rj = tasks.find((x) => x.debtorId === ids.maria)!;
    const sp = tasks.find((x) => x.debtorId === ids.joao)!;
    expect(rj.text.startsWith('Antes de tudo, avise: "Esta ligação está sendo gravada."')).toBe(true);
    expect(rj.text).toMatch(
      /Detalhamento do valor: Valor original R\$ 500,00( \+ [^=]+)? = total R\$ [\d.,]+\./,
    );
    expect(sp.text).not.toContain('gravada');
    expect(sp.text).not.toContain('Detalhamento do valor');
  });
});
