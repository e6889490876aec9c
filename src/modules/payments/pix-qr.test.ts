import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { buildStaticBrCode } from './brcode.rules.ts';
import { pixQrPng, pixQrSvg } from './pix-qr.ts';

const PAYLOAD = buildStaticBrCode({
  key: '123e4567-e12b-12d1-a456-426655440000',
  receiverName: 'Trato Cobranças',
  city: 'São Paulo',
  amountCents: 12345,
  txid: 'PARC0001',
});
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// Side of the symbol in modules at error correction M, without the quiet zone.
const MODULES = QRCode.create(PAYLOAD, { errorCorrectionLevel: 'M' }).modules.size;

describe('pixQrPng', () => {
  it('is a PNG whose side is the symbol plus a 4-module quiet zone on each side', async () => {
    const png = await pixQrPng(PAYLOAD);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // IHDR is the first chunk: length (4) + "IHDR" (4), then width and height, big-endian.
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    const width = png.readUInt32BE(16);
    expect(png.readUInt32BE(20)).toBe(width);
    expect(width % (MODULES + 8)).toBe(0);
    expect(width / (MODULES + 8)).toBeGreaterThanOrEqual(4); // pixels per module: scannable from print
  });

  it('differs for different payloads', async () => {
    const other = buildStaticBrCode({ key: 'fulano@example.com', receiverName: 'Outro', city: 'Recife' });
    expect((await pixQrPng(PAYLOAD)).equals(await pixQrPng(other))).toBe(false);
  });
});

describe('pixQrSvg', () => {
  it('is an SVG with a viewBox of the symbol plus the 4-module margin', async () => {
    const svg = await pixQrSvg(PAYLOAD);
    expect(svg).toContain('<svg');
    const side = MODULES + 8;
    expect(svg).toContain(`viewBox="0 0 ${side} ${side}"`);
  });

  it('uses error correction level M (same symbol as M, not as L or H)', async () => {
    const svg = await pixQrSvg(PAYLOAD);
    const render = (level: 'L' | 'M' | 'H') =>
      QRCode.toString(PAYLOAD, { type: 'svg', errorCorrectionLevel: level, margin: 4 });
    expect(svg).toBe(await render('M'));
    expect(svg).not.toBe(await render('L'));
    expect(svg).not.toBe(await render('H'));
  });
});
