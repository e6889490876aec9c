import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adaptersFor, dispatchDue, sweepDay } from '../../src/modules/contact/index.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import type { TestApp } from '../support/app.ts';
import { CONTACT_NOW, cadence, templateId } from '../support/contact.ts';
import { type Api, startAsAdmin } from '../support/given.ts';

/** Issue #12 item 15: RJ collection calls are itemised and announce the recording; SP's are not. */
let t: TestApp;
let api: Api;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const world = await startAsAdmin({ clock: fixedClock(CONTACT_NOW) });
  ({ t, api } = world);
  const { given } = world;
  await given.imported(
    (await given.creditor()).id,
    'document;name;state;phone;external_id;original_amount;due_date\n' +
      '52998224725;Maria;RJ;+5521987650001;M-1;500,00;2026-11-20\n' +
      '11144477735;João;SP;+5511987650002;J-1;500,00;2026-11-20\n',
  );
  for (const [key, doc] of [
    ['maria', '52998224725'],
    ['joao', '11144477735'],
  ]) {
    ids[key!] = await given.debtorId(doc!);
    // Identity verified: the full script (with amounts) is used.
    await api('PUT', `/api/v1/debtors/${ids[key!]}/contact-flags`, { identityVerified: true });
  }
  await cadence(api, {
    name: 'Ligação',
    steps: [
      {
        id: 'ligar-d3',
        anchor: 'debt_due',
        offsetDays: 3,
        channel: 'phone',
        templateId: await templateId(api, 'phone-call-script'),
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
      now: new Date(CONTACT_NOW),
    });
    expect(r).toMatchObject({ tasks: 2 });
    const tasks = (await api('GET', '/api/v1/tasks')).json().items as { debtorId: string; text: string }[];
    const rj = tasks.find((x) => x.debtorId === ids.maria)!;
    const sp = tasks.find((x) => x.debtorId === ids.joao)!;
    expect(
      rj.text.startsWith('Antes de tudo, avise: "Esta ligação está sendo gravada. Se quiser uma cópia'),
    ).toBe(true);
    expect(rj.text).toMatch(
      /Detalhamento do valor: Valor original R\$ 500,00( \+ [^=]+)? = total R\$ [\d.,]+\./,
    );
    expect(sp.text).not.toContain('gravada');
    expect(sp.text).not.toContain('Detalhamento do valor');
  });
});
