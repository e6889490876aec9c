import { type ChannelAdapter, ChannelError, describeCause } from './channel.ts';

/** What the HTTP providers (Zenvia SMS, WhatsApp Cloud API) share: a JSON POST with timeout and the reading of its answer. */
export interface HttpAnswer {
  status: number;
  payload: unknown;
  text: string;
}

export async function postJson(
  adapter: ChannelAdapter,
  fetchImpl: typeof fetch,
  url: string,
  headers: Record<string, string>,
  body: unknown,
  timeoutMs: number,
): Promise<HttpAnswer> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const message = timedOut
      ? `${providerLabel(adapter)} não respondeu em ${timeoutMs / 1000} s.`
      : `Falha de comunicação com ${providerLabel(adapter)}: ${describeCause(error)}.`;
    throw new ChannelError(message, {
      retryable: true,
      channel: adapter.channel,
      provider: adapter.provider,
      cause: error,
    });
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new ChannelError(`Falha ao ler a resposta de ${providerLabel(adapter)}: ${describeCause(error)}.`, {
      retryable: true,
      status: response.status,
      channel: adapter.channel,
      provider: adapter.provider,
      cause: error,
    });
  }
  let payload: unknown = null;
  try {
    payload = text === '' ? null : JSON.parse(text);
  } catch {
    payload = null;
  }
  return { status: response.status, payload, text };
}

export function providerLabel(adapter: ChannelAdapter): string {
  return adapter.provider === 'zenvia' ? 'o gateway de SMS (Zenvia)' : 'a API do WhatsApp (Meta)';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** A 2xx whose body we cannot use: the provider may have sent it, so a retry could duplicate it. */
export function unexpectedAnswer(adapter: ChannelAdapter, answer: HttpAnswer, what: string): ChannelError {
  return new ChannelError(
    `Resposta inesperada de ${providerLabel(adapter)} (HTTP ${answer.status}): ${what}. ` +
      'A mensagem pode ter sido enviada; não será reenviada automaticamente.',
    { retryable: false, status: answer.status, channel: adapter.channel, provider: adapter.provider },
  );
}

export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
