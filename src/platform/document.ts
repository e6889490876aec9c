import PDFDocument from 'pdfkit';

/**
 * One document model for the letters and terms Trato issues (termo de acordo, recibo, carta de
 * quitação), rendered to HTML for the screen and to PDF for download and archive. Writing the content
 * once keeps the two versions identical — a PDF that says something the HTML does not would be a
 * legal problem, not a cosmetic one.
 *
 * PDFs use the 14 standard fonts (Helvetica), whose WinAnsi encoding covers Portuguese (á, ç, õ, º,
 * —). Characters outside it are replaced by '?' by pdfkit, so content should stay within Latin-1.
 */
export type Inline = string | { strong: string };

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: Inline[] }
  /** Short lines kept together (an address, a name and document). */
  | { kind: 'lines'; lines: string[] }
  | { kind: 'table'; header: string[]; rows: string[][]; align?: ('left' | 'right')[] };

export interface DocumentModel {
  title: string;
  /** Shown under the title (e.g. the document number and date). */
  subtitle?: string;
  blocks: Block[];
  /** Fixed creation date written into the PDF metadata, so the same data gives the same bytes. */
  createdAt: Date;
}

export const escapeHtml = (s: string): string =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

const inlineHtml = (parts: Inline[]) =>
  parts
    .map((p) => (typeof p === 'string' ? escapeHtml(p) : `<strong>${escapeHtml(p.strong)}</strong>`))
    .join('');

export function renderHtml(doc: DocumentModel): string {
  const body = doc.blocks.map((b) => {
    switch (b.kind) {
      case 'heading':
        return `<h2>${escapeHtml(b.text)}</h2>`;
      case 'paragraph':
        return `<p>${inlineHtml(b.text)}</p>`;
      case 'lines':
        return `<p>${b.lines.map(escapeHtml).join('<br>')}</p>`;
      case 'table': {
        const cls = (i: number) => (b.align?.[i] === 'right' ? ' class="num"' : '');
        const head = b.header.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('');
        const rows = b.rows
          .map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${escapeHtml(c)}</td>`).join('')}</tr>`)
          .join('\n');
        return `<table><thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody></table>`;
      }
    }
    return '';
  });
  return `<!doctype html>
<html lang="pt-BR">
<head><meta charset="utf-8"><title>${escapeHtml(doc.title)}${doc.subtitle ? ` — ${escapeHtml(doc.subtitle)}` : ''}</title>
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}
.num{text-align:right}h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}</style></head>
<body>
<h1>${escapeHtml(doc.title)}</h1>
${doc.subtitle ? `<p>${escapeHtml(doc.subtitle)}</p>\n` : ''}${body.join('\n')}
</body>
</html>
`;
}

const MARGIN = 56; // 2 cm
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';

/**
 * An A4 pdfkit document with Trato's metadata (a fixed creation date, so the same content gives the
 * same bytes) and the promise of its bytes, which resolves once the caller calls `pdf.end()`.
 */
export function startPdf(meta: { title: string; createdAt: Date; margin: number }): {
  pdf: PDFKit.PDFDocument;
  bytes: Promise<Buffer>;
} {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: meta.margin,
    info: { Title: meta.title, Creator: 'Trato', Producer: 'Trato', CreationDate: meta.createdAt },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  return { pdf, bytes };
}

export function renderPdf(doc: DocumentModel): Promise<Buffer> {
  const { pdf, bytes } = startPdf({ title: doc.title, createdAt: doc.createdAt, margin: MARGIN });
  const width = pdf.page.width - 2 * MARGIN;

  pdf.font(BOLD).fontSize(16).text(doc.title);
  if (doc.subtitle) pdf.font(FONT).fontSize(10).fillColor('#444').text(doc.subtitle).fillColor('black');
  pdf.moveDown(0.5);
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'heading':
        if (pdf.y > pdf.page.height - MARGIN - 60) pdf.addPage();
        pdf.moveDown(0.6).font(BOLD).fontSize(12).text(b.text, MARGIN).moveDown(0.2);
        break;
      case 'paragraph':
        pdf.fontSize(10);
        b.text.forEach((part, i) => {
          const last = i === b.text.length - 1;
          if (typeof part === 'string') pdf.font(FONT).text(part, { continued: !last, width });
          else pdf.font(BOLD).text(part.strong, { continued: !last, width });
        });
        pdf.moveDown(0.4);
        break;
      case 'lines':
        pdf.font(FONT).fontSize(10).text(b.lines.join('\n'), MARGIN, undefined, { width }).moveDown(0.4);
        break;
      case 'table':
        drawTable(pdf, b, width);
        break;
    }
  }
  pdf.end();
  return bytes;
}

function drawTable(pdf: PDFKit.PDFDocument, t: Extract<Block, { kind: 'table' }>, width: number) {
  const cols = t.header.length;
  // Column widths proportional to the longest text in each column (header included), at least 10%.
  const longest = t.header.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').length), 4));
  const total = longest.reduce((a, b) => a + b, 0);
  const widths = longest.map((l) => Math.max(width * 0.1, (width * l) / total));
  const scale = width / widths.reduce((a, b) => a + b, 0);
  for (let i = 0; i < cols; i++) widths[i]! *= scale;
  const pad = 4;
  const row = (cells: string[], bold: boolean) => {
    pdf.font(bold ? BOLD : FONT).fontSize(9);
    const height =
      Math.max(...cells.map((c, i) => pdf.heightOfString(c, { width: widths[i]! - 2 * pad }))) + 2 * pad;
    if (pdf.y + height > pdf.page.height - MARGIN) pdf.addPage();
    const y = pdf.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      pdf.rect(x, y, widths[i]!, height).strokeColor('#bbbbbb').stroke();
      pdf.fillColor('black').text(c, x + pad, y + pad, {
        width: widths[i]! - 2 * pad,
        align: t.align?.[i] === 'right' ? 'right' : 'left',
      });
      x += widths[i]!;
    });
    pdf.x = MARGIN;
    pdf.y = y + height;
  };
  row(t.header, true);
  for (const r of t.rows) row(r, false);
  pdf.moveDown(0.6);
}
