// Messaging is stateless (no tables): template and tone rules, the channel adapters and the parsing of
// the providers' webhooks. Contact (which owns the cadences, templates and outbox) uses it from here.
export {
  type ChannelAdapter,
  ChannelError,
  type ChannelName,
  type ChannelsConfig,
  createAdapters,
  type OutboundMessage,
  type SendResult,
  SmsGatewayAdapter,
  SmtpEmailAdapter,
  WhatsAppCloudAdapter,
} from './channels.ts';
export {
  AGENT_MESSAGE_IDENTIFICATION,
  DEFAULT_TEMPLATES,
  type DefaultTemplate,
} from './default-templates.ts';
export {
  classifyReply,
  type DeliveryStatus,
  type InboundMessage,
  type MessagingProvider,
  normalizeProviderPhone,
  parseInbound,
  parseStatusCallback,
  REPLY_INTENTS,
  type ReplyIntent,
  type StatusUpdate,
  verifyWhatsAppSignature,
  whatsAppSignature,
} from './provider-webhooks.rules.ts';
export {
  CHANNELS,
  type Channel,
  type RenderedMessage,
  renderTemplate,
  type TemplateContent,
  VARIABLES,
  validateTemplate,
} from './template.rules.ts';
export { checkTone, type ToneFinding } from './tone.rules.ts';
