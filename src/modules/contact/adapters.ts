import type { MessagingConfig } from '../../platform/config.ts';
import { type ChannelAdapter, type ChannelName, createAdapters } from '../messaging/index.ts';

/** The channel adapters of this server, from its configuration (environment: see README). */
export function adaptersFor(config: MessagingConfig): Partial<Record<ChannelName, ChannelAdapter>> {
  return createAdapters({
    ...(config.smtp
      ? {
          email: {
            host: config.smtp.host,
            port: config.smtp.port,
            secure: config.smtp.secure,
            from: config.smtp.from,
            ...(config.smtp.user ? { auth: { user: config.smtp.user, pass: config.smtp.pass ?? '' } } : {}),
          },
        }
      : {}),
    ...(config.sms
      ? { sms: { baseUrl: config.sms.baseUrl, apiToken: config.sms.apiToken, from: config.sms.from } }
      : {}),
    ...(config.whatsapp
      ? {
          whatsapp: {
            baseUrl: config.whatsapp.baseUrl,
            version: config.whatsapp.version,
            phoneNumberId: config.whatsapp.phoneNumberId,
            accessToken: config.whatsapp.accessToken,
          },
        }
      : {}),
  });
}
