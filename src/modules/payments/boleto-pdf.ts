import { labelledDocument } from '../../platform/br-documents.ts';
import { formatDatePtBr } from '../../platform/dates.ts';
import { startPdf } from '../../platform/document.ts';
import { formatBRL } from '../../platform/money.ts';
import { formatLinhaDigitavel } from './boleto.rules.ts';
import { bankName } from './boleto-banks.rules.ts';
import { itfBars } from './itf.rules.ts';

/**
 * The boleto slip (ficha de compensação) as an A4 PDF: bank, linha digitável, beneficiary with CNPJ
 * and address (CDC art. 42-A: every collection document identifies the creditor), payer, due date,
 * amount, nosso número and the Interleaved 2 of 5 barcode of the 44 digits (FEBRABAN: narrow bar
 * 0.254 mm, ratio 1:3 — see itf.rules.ts — about 103 mm wide and 13 mm high).
 */
export interface BoletoSlip {
  bank: string;
  barcode: string;
  linhaDigitavel: string;
  nossoNumero: string;
  dueDate: string;
  amountCents: number;
  beneficiary: { name: string; document: string; address: string };
  payer: { name: string; document: string };
  description: string;
  /** Agency/account as printed ("1234 / 0012345"). */
  agencyAccount: string;
  issuedAt: Date;
}

const MM = 72 / 25.4;

export function renderBoletoPdf(slip: BoletoSlip): Promise<Buffer> {
  const { pdf, bytes } = startPdf({
    title: `Boleto ${slip.nossoNumero}`,
    createdAt: slip.issuedAt,
    margin: 40,
  });
  const left = 40;
  const width = pdf.page.width - 80;
  const bank = `${bankName(slip.bank) ?? 'Banco'} | ${slip.bank}-${bankCheckDigit(slip.bank)}`;
  const linha = formatLinhaDigitavel(slip.linhaDigitavel);

  pdf.font('Helvetica-Bold').fontSize(13).text('Recibo do Pagador', left, 40);
  field(
    pdf,
    left,
    62,
    width * 0.6,
    'Beneficiário',
    `${slip.beneficiary.name} — ${labelledDocument(slip.beneficiary.document)}`,
  );
  field(pdf, left + width * 0.6, 62, width * 0.4, 'Vencimento', formatDatePtBr(slip.dueDate));
  field(pdf, left, 90, width * 0.6, 'Endereço do beneficiário', slip.beneficiary.address);
  field(pdf, left + width * 0.6, 90, width * 0.4, 'Valor do documento', formatBRL(slip.amountCents));
  field(
    pdf,
    left,
    118,
    width * 0.6,
    'Pagador',
    `${slip.payer.name} — ${labelledDocument(slip.payer.document)}`,
  );
  field(pdf, left + width * 0.6, 118, width * 0.4, 'Nosso número', slip.nossoNumero);
  pdf.font('Helvetica').fontSize(8).text(slip.description, left, 150, { width });

  // Cut line between the payer's receipt and the bank's part.
  pdf
    .moveTo(left, 190)
    .lineTo(left + width, 190)
    .dash(3, { space: 3 })
    .stroke()
    .undash();

  let y = 205;
  pdf.font('Helvetica-Bold').fontSize(12).text(bank, left, y);
  pdf
    .font('Helvetica-Bold')
    .fontSize(11)
    .text(linha, left + 150, y + 1, { width: width - 150, align: 'right' });
  y += 22;
  const rows: [string, string, string, string][] = [
    [
      'Local de pagamento',
      'Pagável em qualquer banco, lotérica ou aplicativo até o vencimento',
      'Vencimento',
      formatDatePtBr(slip.dueDate),
    ],
    [
      'Beneficiário',
      `${slip.beneficiary.name} — ${labelledDocument(slip.beneficiary.document)}`,
      'Agência / Código do beneficiário',
      slip.agencyAccount,
    ],
    ['Endereço do beneficiário', slip.beneficiary.address, 'Nosso número', slip.nossoNumero],
    [
      'Data do documento',
      formatDatePtBr(slip.issuedAt.toISOString().slice(0, 10)),
      '(=) Valor do documento',
      formatBRL(slip.amountCents),
    ],
    ['Instruções', slip.description, '(-) Desconto / (+) Juros', '—'],
    ['Pagador', `${slip.payer.name} — ${labelledDocument(slip.payer.document)}`, '(=) Valor cobrado', ''],
  ];
  for (const [l1, v1, l2, v2] of rows) {
    field(pdf, left, y, width * 0.7, l1, v1);
    field(pdf, left + width * 0.7, y, width * 0.3, l2, v2);
    y += 28;
  }

  // The barcode: FEBRABAN places it at the bottom left, with a quiet zone around it.
  const { bars } = itfBars(slip.barcode, 0.254 * MM);
  const barTop = y + 16;
  for (const b of bars) pdf.rect(left + b.x, barTop, b.width, 13 * MM).fill('black');
  pdf
    .fillColor('black')
    .font('Helvetica')
    .fontSize(7)
    .text('Autenticação mecânica — Ficha de Compensação', left, barTop + 13 * MM + 6, {
      width,
      align: 'right',
    });
  pdf.end();
  return bytes;
}

function field(pdf: PDFKit.PDFDocument, x: number, y: number, w: number, label: string, value: string) {
  pdf.rect(x, y, w, 28).lineWidth(0.5).strokeColor('#555555').stroke();
  pdf
    .fillColor('#555555')
    .font('Helvetica')
    .fontSize(6.5)
    .text(label, x + 3, y + 2, { width: w - 6 });
  pdf
    .fillColor('black')
    .font('Helvetica')
    .fontSize(8.5)
    .text(value, x + 3, y + 12, { width: w - 6, height: 14, ellipsis: true });
}

/** The bank code's check digit as printed beside it (mod 11 of the 3 digits: 237-2, 001-9). */
function bankCheckDigit(bank: string): string {
  const known: Record<string, string> = { '237': '2', '001': '9' };
  return known[bank] ?? '0';
}
