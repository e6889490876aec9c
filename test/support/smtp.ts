import { SMTPServer } from 'smtp-server';

/** A local SMTP server that keeps every message it receives (raw), for the e-mail channel's tests. */
export interface SmtpCapture {
  port: number;
  /** Raw messages, in arrival order. */
  emails: string[];
  /** The messaging config for the app: `{ smtp: … }`. */
  config: { host: string; port: number; secure: false; from: string };
  close(): Promise<void>;
}

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const emails: string[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (c) => {
        raw += c;
      });
      stream.on('end', () => {
        emails.push(raw);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as { port: number }).port;
  return {
    port,
    emails,
    config: { host: '127.0.0.1', port, secure: false, from: 'Trato <cobranca@trato.test>' },
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
