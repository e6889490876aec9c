import type { LightMyRequestResponse } from 'fastify';
import { extractText, getDocumentProxy } from 'unpdf';

/** The text of a PDF response, all pages. */
export async function pdfText(response: LightMyRequestResponse): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(response.rawPayload));
  return (await extractText(pdf, { mergePages: true })).text;
}
