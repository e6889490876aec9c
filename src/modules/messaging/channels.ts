/**
 * The channel adapters, one file each (email.channel.ts, sms.channel.ts, whatsapp.channel.ts), behind the
 * port of channel.ts; this file builds the configured ones.
 */
import type { ChannelAdapter, ChannelName } from './channel.ts';
import { SmtpEmailAdapter, type SmtpEmailConfig } from './email.channel.ts';
import { SmsGatewayAdapter, type SmsGatewayConfig } from './sms.channel.ts';
import { WhatsAppCloudAdapter, type WhatsAppCloudConfig } from './whatsapp.channel.ts';

export {
  type ChannelAdapter,
  ChannelError,
  type ChannelErrorInit,
  type ChannelName,
  type OutboundMessage,
  type SendResult,
} from './channel.ts';
export { SmtpEmailAdapter, type SmtpEmailConfig, senderAddress, smtpError } from './email.channel.ts';
export { SmsGatewayAdapter, type SmsGatewayConfig, type ZenviaSmsRequest } from './sms.channel.ts';
export {
  WhatsAppCloudAdapter,
  type WhatsAppCloudConfig,
  type WhatsAppSendRequest,
} from './whatsapp.channel.ts';

export interface ChannelsConfig {
  email?: SmtpEmailConfig;
  sms?: SmsGatewayConfig;
  whatsapp?: WhatsAppCloudConfig;
}

/** One adapter per configured channel; a channel without configuration has none. */
export function createAdapters(config: ChannelsConfig): Partial<Record<ChannelName, ChannelAdapter>> {
  const adapters: Partial<Record<ChannelName, ChannelAdapter>> = {};
  if (config.email) adapters.email = new SmtpEmailAdapter(config.email);
  if (config.sms) adapters.sms = new SmsGatewayAdapter(config.sms);
  if (config.whatsapp) adapters.whatsapp = new WhatsAppCloudAdapter(config.whatsapp);
  return adapters;
}
