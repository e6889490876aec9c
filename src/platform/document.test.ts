import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { type DocumentModel, renderHtml, renderPdf } from './document.ts';

const doc: DocumentModel = {
  title: 'Recibo de Pagamento',
  subtitle: 'Recibo nº 42, emitido em 23/11/2026.',
  createdAt: new Date('2026-11-23T12:00:00Z'),
  blocks: [
    { kind: 'heading', text: 'Credor' },
    { kind: 'lines', lines: ['Loja & Cia <Ltda> — CNPJ 11.222.333/0001-81', 'Rua São João, 1º andar'] },
    { kind: 'paragraph', text: ['Valor pago: ', { strong: 'R$ 1.234,56' }, ' — obrigado.'] },
    {
      kind: 'table',
      header: ['Parcela', 'Valor'],
      align: ['left', 'right'],
      rows: Array.from({ length: 80 }, (_, i) => [String(i + 1), `R$ ${i},00`]),
    },
  ],
};

async function pdfText(pdf: Buffer): Promise<{ pages: number; text: string }> {
  const proxy = await getDocumentProxy(new Uint8Array(pdf));
  const { totalPages, text } = await extractText(proxy, { mergePages: true });
  return { pages: totalPages, text };
}

describe('document rendering', () => {
  it('HTML escapes content and marks emphasis and number columns', () => {
    const html = renderHtml(doc);
    expect(html).toContain('<h1>Recibo de Pagamento</h1>');
    expect(html).toContain('Loja &amp; Cia &lt;Ltda&gt; — CNPJ 11.222.333/0001-81<br>Rua São João, 1º andar');
    expect(html).toContain('Valor pago: <strong>R$ 1.234,56</strong> — obrigado.');
    expect(html).toContain('<td class="num">R$ 79,00</td>');
    expect(html).not.toContain('<Ltda>');
  });

  it('PDF carries the same text, accents included, and breaks long tables across pages', async () => {
    const pdf = await renderPdf(doc);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, text } = await pdfText(pdf);
    expect(pages).toBeGreaterThan(1);
    for (const s of [
      'Recibo de Pagamento',
      'Loja & Cia <Ltda>',
      'Rua São João, 1º andar',
      'R$ 1.234,56',
      'R$ 79,00',
    ]) {
      expect(text).toContain(s);
    }
  });

  it('the same content gives the same PDF bytes (archived documents can be re-issued identically)', async () => {
    expect((await renderPdf(doc)).equals(await renderPdf(doc))).toBe(true);
  });
});
