import { describe, expect, it } from 'vitest';
import { breakdownText, ITEMISATION_RULES, itemiseMessage, RECORDING_NOTICE } from './itemisation.rules.ts';

const lines = [
  { kind: 'principal', amountCents: 100_000 },
  { kind: 'correction', amountCents: 1_234 },
  { kind: 'fine', amountCents: 2_000 },
  { kind: 'interest', amountCents: 3_000 },
  { kind: 'fees', amountCents: 0 },
];
// 1000,00 + 12,34 + 20,00 + 30,00 = 1062,34 (zero fees left out).
const BREAKDOWN =
  'Valor original R$ 1.000,00 + correção monetária R$ 12,34 + multa R$ 20,00 + juros R$ 30,00 = total R$ 1.062,34';

describe('itemised charges and recorded calls (RJ, PR, PE; issue #12 item 15)', () => {
  it('the breakdown shows the original value and each addition, by hand', () => {
    expect(breakdownText(lines)).toBe(BREAKDOWN);
    // Two debts add up by kind.
    expect(breakdownText([...lines, { kind: 'principal', amountCents: 50_000 }])).toContain(
      'Valor original R$ 1.500,00',
    );
  });

  const base = {
    channel: 'email',
    transactional: false,
    mode: 'full' as const,
    text: 'O valor atualizado é R$ 1.062,34.',
    breakdown: BREAKDOWN,
    showsAmount: true,
  };

  it('an e-mail to RJ, PR or PE gets the breakdown; SP does not need it', () => {
    for (const uf of ['RJ', 'PR', 'PE']) {
      expect(itemiseMessage({ ...base, uf })).toBe(`${base.text}\n\nDetalhamento do valor: ${BREAKDOWN}.`);
    }
    expect(itemiseMessage({ ...base, uf: 'SP' })).toBe(base.text);
    // Already itemised: left as is.
    const done = `${base.text} ${BREAKDOWN}`;
    expect(itemiseMessage({ ...base, uf: 'RJ', text: done })).toBe(done);
  });

  it('SMS/WhatsApp rely on the verified link; discreet and transactional messages are untouched', () => {
    expect(itemiseMessage({ ...base, uf: 'RJ', channel: 'sms' })).toBe(base.text);
    expect(itemiseMessage({ ...base, uf: 'RJ', mode: 'discreet' })).toBe(base.text);
    expect(itemiseMessage({ ...base, uf: 'RJ', transactional: true })).toBe(base.text);
    expect(itemiseMessage({ ...base, uf: 'RJ', channel: 'whatsapp' })).toBe(base.text);
  });

  it("an agent's free WhatsApp text carries the breakdown itself; a free SMS still relies on the link", () => {
    const free = { ...base, uf: 'PE', freeText: true };
    expect(itemiseMessage({ ...free, channel: 'whatsapp' })).toBe(
      `${base.text}\n\nDetalhamento do valor: ${BREAKDOWN}.`,
    );
    expect(itemiseMessage({ ...free, channel: 'sms' })).toBe(base.text);
    expect(itemiseMessage({ ...free, channel: 'whatsapp', mode: 'discreet' })).toBe(base.text);
  });

  it('the phone script tells the agent to announce the recording in RJ and PR, not in PE or SP', () => {
    const phone = { ...base, channel: 'phone' };
    expect(itemiseMessage({ ...phone, uf: 'RJ' }).startsWith(RECORDING_NOTICE)).toBe(true);
    expect(itemiseMessage({ ...phone, uf: 'PR' }).startsWith(RECORDING_NOTICE)).toBe(true);
    expect(itemiseMessage({ ...phone, uf: 'PE' }).startsWith(RECORDING_NOTICE)).toBe(false);
    expect(itemiseMessage({ ...phone, uf: 'PE' })).toContain(BREAKDOWN);
    expect(itemiseMessage({ ...phone, uf: 'SP' })).toBe(base.text);
    expect(ITEMISATION_RULES.RJ.source).toContain('6.854/2014');
    expect(ITEMISATION_RULES.PR.source).toContain('17.352/2012');
    expect(ITEMISATION_RULES.PE.source).toContain('16.559/2019');
    expect(RECORDING_NOTICE).toContain('7 dias úteis');
  });
});
