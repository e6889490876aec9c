import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createSignedToken,
  expiresIn,
  type SignedLinkPayload,
  signedLink,
  verifySignedToken,
} from './signed-link.ts';

const SECRET = 'segredo-de-teste-com-32-caracteres!';
const OLD_SECRET = 'segredo-antigo-ainda-aceito-2024';
const NEW_SECRET = 'segredo-novo-que-assina-em-2025';
const NOW = new Date('2025-03-10T12:00:00Z');
const REF = '0195a3c2-7f1e-7b3a-9c4d-2e8f6a1b5c70';

const payload = (over: Partial<SignedLinkPayload> = {}): SignedLinkPayload => ({
  purpose: 'offer',
  ref: REF,
  exp: expiresIn(NOW, 3600),
  ...over,
});

/** Replaces one character of the string at `index` with another base64url character. */
function flip(s: string, index: number): string {
  const c = s[index] === 'A' ? 'B' : 'A';
  return s.slice(0, index) + c + s.slice(index + 1);
}

describe('signed links', () => {
  it('round-trips: base64url(JSON).base64url(HMAC-SHA256)', () => {
    const token = createSignedToken(payload(), SECRET);
    const [body, sig] = token.split('.') as [string, string];
    expect(JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))).toEqual(payload());
    // The signature is exactly the HMAC-SHA256 of the first part, computed independently here.
    expect(sig).toBe(createHmac('sha256', SECRET).update(body).digest('base64url'));
    expect(verifySignedToken(token, SECRET, NOW, 'offer')).toEqual({ ok: true, payload: payload() });
  });

  it('builds {baseUrl}/l/{token} and carries nothing but purpose, ref and exp', () => {
    const extra = { ...payload(), cpf: '52998224725', name: 'Maria José', amountCents: 150000 };
    const url = signedLink('https://trato.example.com.br/', extra, SECRET);
    expect(url).toMatch(/^https:\/\/trato\.example\.com\.br\/l\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const token = url.split('/l/')[1]!;
    const decoded = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
    expect(Object.keys(decoded).sort()).toEqual(['exp', 'purpose', 'ref']);
    expect(decoded.ref).toBe(REF);
    const everything = url + JSON.stringify(decoded);
    for (const leaked of ['52998224725', '529.982.247-25', 'Maria', '150000', '1500,00']) {
      expect(everything).not.toContain(leaked);
    }
  });

  it('refuses to sign personal data as the reference', () => {
    for (const ref of ['52998224725', '529.982.247-25', '+5511987654321', 'maria@example.com', 'ab', '']) {
      expect(() => createSignedToken(payload({ ref }), SECRET)).toThrow(/identificador opaco/);
    }
    expect(() => createSignedToken(payload({ purpose: 'Oferta Especial' }), SECRET)).toThrow(/Finalidade/);
    expect(() => createSignedToken(payload({ exp: 1.5 }), SECRET)).toThrow(/Validade/);
    expect(() => createSignedToken(payload(), 'curto')).toThrow(/ao menos 16/);
    expect(() => createSignedToken(payload(), [])).toThrow(/Nenhum segredo/);
  });

  it('detects tampering with the payload or the signature', () => {
    const token = createSignedToken(payload(), SECRET);
    const [body, sig] = token.split('.') as [string, string];
    // Another ref, re-encoded properly but not re-signed.
    const forged = Buffer.from(
      JSON.stringify({ ...payload(), ref: '0195a3c2-0000-7b3a-9c4d-2e8f6a1b5c70' }),
    ).toString('base64url');
    expect(verifySignedToken(`${forged}.${sig}`, SECRET, NOW, 'offer')).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    // A later expiry, same trick.
    const later = Buffer.from(JSON.stringify({ ...payload(), exp: payload().exp + 86_400 })).toString(
      'base64url',
    );
    expect(verifySignedToken(`${later}.${sig}`, SECRET, NOW, 'offer')).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifySignedToken(`${flip(body, 3)}.${sig}`, SECRET, NOW, 'offer').ok).toBe(false);
    expect(verifySignedToken(`${body}.${flip(sig, 5)}`, SECRET, NOW, 'offer')).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuses a token signed with another secret', () => {
    const token = createSignedToken(payload(), 'outro-segredo-qualquer-de-32-chars');
    expect(verifySignedToken(token, SECRET, NOW, 'offer')).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('expires at exp (inclusive) and not a second before', () => {
    const exp = expiresIn(NOW, 600);
    const token = createSignedToken(payload({ exp }), SECRET);
    expect(verifySignedToken(token, SECRET, new Date((exp - 1) * 1000), 'offer').ok).toBe(true);
    expect(verifySignedToken(token, SECRET, new Date(exp * 1000), 'offer')).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(verifySignedToken(token, SECRET, new Date((exp + 86_400) * 1000), 'offer')).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('checks the signature before the expiry (an expired forgery is a bad signature)', () => {
    const stale = Buffer.from(JSON.stringify(payload({ exp: 1 }))).toString('base64url');
    const sig = createSignedToken(payload(), SECRET).split('.')[1];
    expect(verifySignedToken(`${stale}.${sig}`, SECRET, NOW, 'offer')).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('calls malformed what is not two base64url parts with a 32-byte signature', () => {
    const token = createSignedToken(payload(), SECRET);
    const [body, sig] = token.split('.') as [string, string];
    const cases = [
      '',
      '.',
      body,
      `${body}.`,
      `.${sig}`,
      `${body}.${sig}.${sig}`,
      `${body}.${sig.slice(0, 42)}`,
      `${body}.${sig}A`,
      `${body}=.${sig}`,
      `${body}.${sig.slice(0, 42)}+`,
      `${body} .${sig}`,
      'x'.repeat(5000),
    ];
    for (const t of cases)
      expect(verifySignedToken(t, SECRET, NOW, 'offer')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a non-canonical spelling of the same signature', () => {
    const token = createSignedToken(payload(), SECRET);
    const [body, sig] = token.split('.') as [string, string];
    // 43 characters carry 258 bits for 256: the last character has 2 unused low bits.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(sig[42]!);
    const variant = sig.slice(0, 42) + alphabet[last ^ 1];
    expect(Buffer.from(variant, 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    expect(verifySignedToken(`${body}.${variant}`, SECRET, NOW, 'offer')).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('rejects a validly signed body that is not our payload as malformed', () => {
    const body = Buffer.from('[1,2,3]').toString('base64url');
    const sig = createHmac('sha256', SECRET).update(body).digest('base64url');
    expect(verifySignedToken(`${body}.${sig}`, SECRET, NOW, 'offer')).toEqual({
      ok: false,
      reason: 'malformed',
    });
    const notJson = Buffer.from('not json').toString('base64url');
    const sig2 = createHmac('sha256', SECRET).update(notJson).digest('base64url');
    expect(verifySignedToken(`${notJson}.${sig2}`, SECRET, NOW, 'offer')).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('rotates keys: the first secret signs, every secret of the list verifies', () => {
    const oldToken = createSignedToken(payload(), OLD_SECRET);
    const rotated = [NEW_SECRET, OLD_SECRET];
    const newToken = createSignedToken(payload(), rotated);
    expect(newToken).toBe(createSignedToken(payload(), NEW_SECRET));
    expect(verifySignedToken(oldToken, rotated, NOW, 'offer').ok).toBe(true);
    expect(verifySignedToken(newToken, rotated, NOW, 'offer').ok).toBe(true);
    // Once the old secret is dropped, links signed with it stop working.
    expect(verifySignedToken(oldToken, [NEW_SECRET], NOW, 'offer')).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifySignedToken(newToken, [OLD_SECRET], NOW, 'offer')).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('checks the purpose: a token signed for one purpose is refused for another', () => {
    const token = createSignedToken(payload({ purpose: 'unsubscribe' }), SECRET);
    expect(verifySignedToken(token, SECRET, NOW, 'unsubscribe').ok).toBe(true);
    expect(verifySignedToken(token, SECRET, NOW, 'portal')).toEqual({ ok: false, reason: 'wrong_purpose' });
    expect(verifySignedToken(token, SECRET, NOW, ['portal', 'unsubscribe']).ok).toBe(true);
    expect(verifySignedToken(token, SECRET, NOW, [])).toEqual({ ok: false, reason: 'wrong_purpose' });
  });
});
