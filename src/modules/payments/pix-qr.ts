import QRCode from 'qrcode';

/**
 * QR code images of a BR Code. Error correction level M (≈15% of the symbol recoverable), the level
 * PSPs commonly use for Pix: a BR Code of ~150–250 characters stays at a version small enough to scan
 * from a phone screen or a print. Margin of 4 modules, the quiet zone ISO/IEC 18004 requires around
 * the symbol. The payload is rendered as given: check it with `decodeBrCode` first.
 */
const OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

export function pixQrPng(payload: string): Promise<Buffer> {
  return QRCode.toBuffer(payload, { ...OPTIONS, type: 'png', scale: 8 });
}

export function pixQrSvg(payload: string): Promise<string> {
  return QRCode.toString(payload, { ...OPTIONS, type: 'svg' });
}
