import type { Channel, TemplateContent } from './template.rules.ts';

/**
 * The templates Trato ships: humane pt-BR messages for the default cadence (régua) and the agent's work.
 *
 * Every template:
 * - has a discreet version, with no detail of the debt, for contacts whose identity is not verified
 *   (LGPD; CDC art. 42: the debt is never revealed to a third party). Discreet versions greet by first
 *   name, name the sender, point to the signed link and tell a wrong recipient to disregard;
 * - names the creditor whenever it shows an amount, and e-mails and letters also carry the creditor's
 *   CNPJ and address (CDC art. 42-A);
 * - offers help ("Se não puder pagar agora, responda NEGOCIAR"; the phone script has the agent listen
 *   instead) and, except the transactional receipt, says how to stop receiving messages on the channel;
 * - uses only variables the contact engine fills for its anchor: `numero_parcela` only on installment
 *   reminders, `valor_pago`/`data_pagamento` only on the payment receipt.
 *
 * Keys match the default cadence (contact/cadence.rules.ts). WhatsApp bodies never start or end with a
 * variable and differ from one another, as Meta requires for approval.
 */
export interface DefaultTemplate {
  key: string;
  name: string;
  channel: Channel;
  content: TemplateContent;
  transactional?: boolean;
}

const OPT_OUT = 'Responda SAIR para não receber mais mensagens por este canal.';
const EMAIL_OPT_OUT = 'Para não receber mais e-mails como este, responda com a palavra SAIR.';
const HELP = 'Se não puder pagar agora, responda NEGOCIAR';
const IDENTIFICATION =
  'Esta mensagem é enviada por {{agencia}} em nome de {{credor}}, {{credor_documento}}, {{credor_endereco}}.';
/**
 * CDC art. 42-A has no channel exemption: SMS and WhatsApp collection texts identify the creditor too.
 * WhatsApp has room for it in the body; an SMS names the creditor and points to the signed link, which
 * shows the creditor's CPF/CNPJ and address and the itemised value after identity verification.
 */
const WHATSAPP_CREDITOR = 'Credor: {{credor}}, {{credor_documento}}, {{credor_endereco}}.';
const SMS_CREDITOR_LINK = 'Credor e detalhes: {{link}}';

/**
 * The identification a message an agent writes gets at its end (contact/agent-message.service.ts): the
 * same lines the templates carry, because an agent's text about a debt is a collection message too (CDC
 * art. 42-A). An SMS template names the creditor in its own sentence; the agent's text may not, so the
 * SMS line names who sends and for whom before the signed link.
 */
export const AGENT_MESSAGE_IDENTIFICATION: Readonly<Record<'email' | 'sms' | 'whatsapp', string>> = {
  email: IDENTIFICATION,
  whatsapp: WHATSAPP_CREDITOR,
  sms: `{{agencia}}, em nome de {{credor}}. ${SMS_CREDITOR_LINK}`,
};

const lines = (...parts: string[]) => parts.join('\n');

function discreetEmail(
  what: string,
  optOut = true,
): Pick<TemplateContent, 'discreetSubject' | 'discreetBody'> {
  return {
    discreetSubject: `Uma mensagem de {{agencia}} para você`,
    discreetBody: lines(
      'Olá, {{primeiro_nome}}.',
      '',
      `A equipe {{agencia}} tem ${what} para você. Para ver com segurança, acesse o link abaixo e confirme alguns dados:`,
      '{{link}}',
      '',
      'Se você não é {{primeiro_nome}}, por favor desconsidere este e-mail.',
      ...(optOut ? ['', EMAIL_OPT_OUT] : []),
    ),
  };
}

function discreetSms(what: string): string {
  return lines(
    `Olá, {{primeiro_nome}}. A equipe {{agencia}} tem ${what} para você: {{link}}`,
    `Não é {{primeiro_nome}}? Desconsidere. ${OPT_OUT}`,
  );
}

function discreetWhatsapp(what: string): string {
  return lines(
    `Olá, {{primeiro_nome}}! A equipe {{agencia}} tem ${what} para você. Para ver com segurança, acesse: {{link}}`,
    '',
    'Se você não é {{primeiro_nome}}, por favor desconsidere esta mensagem.',
    OPT_OUT,
  );
}

export const DEFAULT_TEMPLATES: DefaultTemplate[] = [
  // --- installment reminder, the day before the due date (D-1) ---------------------------------------
  {
    key: 'installment-reminder-email',
    name: 'Lembrete de parcela (D-1) — e-mail',
    channel: 'email',
    content: {
      subject: 'Lembrete: a parcela {{numero_parcela}} do seu acordo com {{credor}} vence amanhã',
      body: lines(
        'Olá, {{primeiro_nome}}.',
        '',
        'Passando para lembrar que a parcela {{numero_parcela}} do seu acordo com {{credor}}, no valor de {{valor_parcela}}, vence amanhã, {{vencimento}}.',
        '',
        'Você pode pagar por Pix ou boleto pelo link: {{link}}',
        '',
        'Pagando até o vencimento, seu acordo continua em dia. Se já pagou, desconsidere esta mensagem.',
        '',
        `${HELP}. Estamos aqui para ajudar a encontrar uma solução que caiba no seu orçamento.`,
        '',
        IDENTIFICATION,
        EMAIL_OPT_OUT,
      ),
      ...discreetEmail('um lembrete'),
    },
  },
  {
    key: 'installment-reminder-sms',
    name: 'Lembrete de parcela (D-1) — SMS',
    channel: 'sms',
    content: {
      body: lines(
        'Olá, {{primeiro_nome}}. A parcela {{numero_parcela}} do acordo com {{credor}}, de {{valor_parcela}}, vence amanhã ({{vencimento}}). Pix ou boleto: {{link}}',
        `${HELP}. ${OPT_OUT}`,
      ),
      discreetBody: discreetSms('um lembrete'),
    },
  },
  {
    key: 'installment-reminder-whatsapp',
    name: 'Lembrete de parcela (D-1) — WhatsApp',
    channel: 'whatsapp',
    content: {
      body: lines(
        'Olá, {{primeiro_nome}}! Um lembrete amigável: a parcela {{numero_parcela}} do seu acordo com {{credor}}, no valor de {{valor_parcela}}, vence amanhã, {{vencimento}}.',
        '',
        'Para pagar por Pix ou boleto, acesse: {{link}}',
        '',
        `Se já pagou, desconsidere. ${HELP} e buscamos uma solução juntos.`,
        '',
        WHATSAPP_CREDITOR,
        '',
        OPT_OUT,
      ),
      discreetBody: discreetWhatsapp('um lembrete'),
    },
  },

  // --- debt follow-ups after the due date --------------------------------------------------------------
  {
    key: 'debt-d1-sms',
    name: 'Dívida em aberto (D+1) — SMS',
    channel: 'sms',
    content: {
      body: lines(
        `Olá, {{primeiro_nome}}. {{credor}}: {{valor_total}} venceu em {{vencimento}}. Se já pagou, desconsidere. ${SMS_CREDITOR_LINK}`,
        `${HELP}. ${OPT_OUT}`,
      ),
      discreetBody: discreetSms('uma mensagem'),
    },
  },
  {
    key: 'debt-d1-whatsapp',
    name: 'Dívida em aberto (D+1) — WhatsApp',
    channel: 'whatsapp',
    content: {
      body: lines(
        'Olá, {{primeiro_nome}}, tudo bem? Notamos que o pagamento de {{descricao_divida}} com {{credor}}, no valor de {{valor_total}}, venceu em {{vencimento}}. Pode ter sido só um esquecimento.',
        '',
        'Para pagar ou ver outras opções, acesse: {{link}}',
        '',
        `Se já pagou, desconsidere. ${HELP}.`,
        '',
        WHATSAPP_CREDITOR,
        '',
        OPT_OUT,
      ),
      discreetBody: discreetWhatsapp('uma mensagem'),
    },
  },
  {
    key: 'debt-d5-whatsapp',
    name: 'Dívida em aberto (D+5) — WhatsApp',
    channel: 'whatsapp',
    content: {
      body: lines(
        'Olá, {{primeiro_nome}}. Sabemos que imprevistos acontecem. O pagamento de {{descricao_divida}} com {{credor}}, no valor de {{valor_total}}, está em aberto desde {{vencimento}}.',
        '',
        'No link você vê cada valor em detalhe e pode escolher pagar à vista ou parcelar: {{link}}',
        '',
        `${HELP} e conversamos sobre uma proposta que caiba no seu orçamento. Se já pagou, desconsidere.`,
        '',
        WHATSAPP_CREDITOR,
        '',
        OPT_OUT,
      ),
      discreetBody: discreetWhatsapp('uma mensagem importante'),
    },
  },
  {
    key: 'debt-d5-email',
    name: 'Dívida em aberto (D+5) — e-mail',
    channel: 'email',
    content: {
      subject: '{{primeiro_nome}}, podemos ajudar com o pagamento a {{credor}}?',
      body: lines(
        'Olá, {{primeiro_nome}}.',
        '',
        'Sabemos que imprevistos acontecem. O pagamento de {{descricao_divida}} com {{credor}}, no valor de {{valor_total}}, está em aberto desde {{vencimento}}.',
        '',
        'No link você vê cada valor em detalhe (principal, multa e juros) e pode escolher pagar à vista ou parcelar: {{link}}',
        '',
        `${HELP}: vamos ouvir você e buscar uma proposta que caiba no seu orçamento. Se já pagou ou não reconhece este débito, responda este e-mail e verificamos com o credor.`,
        '',
        IDENTIFICATION,
        EMAIL_OPT_OUT,
      ),
      ...discreetEmail('uma mensagem importante'),
    },
  },
  {
    key: 'debt-d15-email',
    name: 'Condições para regularizar (D+15) — e-mail',
    channel: 'email',
    content: {
      subject: 'Condições para regularizar {{descricao_divida}} com {{credor}}',
      body: lines(
        'Olá, {{primeiro_nome}}.',
        '',
        'O pagamento de {{descricao_divida}} com {{credor}} está em aberto desde {{vencimento}}. O valor atualizado hoje é {{valor_total}}, e no link você vê como ele é calculado, linha por linha.',
        '',
        'Veja as condições disponíveis para você, que podem incluir desconto à vista ou parcelas que cabem no seu orçamento. Você mesmo simula e escolhe: {{link}}',
        '',
        `${HELP}. Podemos conversar sobre o valor que cabe no seu bolso por mês.`,
        '',
        'Se você não reconhece este débito ou já pagou, responda este e-mail e verificamos com o credor.',
        '',
        IDENTIFICATION,
        EMAIL_OPT_OUT,
      ),
      ...discreetEmail('uma informação'),
    },
  },
  {
    key: 'debt-d15-sms',
    name: 'Condições para regularizar (D+15) — SMS',
    channel: 'sms',
    content: {
      body: lines(
        `Olá, {{primeiro_nome}}. Condições para o débito de {{valor_total}} com {{credor}}, à vista ou parcelado. ${SMS_CREDITOR_LINK}`,
        `${HELP}. ${OPT_OUT}`,
      ),
      discreetBody: discreetSms('uma informação'),
    },
  },
  {
    key: 'debt-d30-sms',
    name: 'Dívida em aberto (D+30) — SMS',
    channel: 'sms',
    content: {
      body: lines(
        `Olá, {{primeiro_nome}}. O débito de {{valor_total}} com {{credor}} segue em aberto. Queremos ajudar. ${SMS_CREDITOR_LINK}`,
        `${HELP}. ${OPT_OUT}`,
      ),
      discreetBody: discreetSms('uma mensagem importante'),
    },
  },
  {
    key: 'debt-d30-whatsapp',
    name: 'Dívida em aberto (D+30) — WhatsApp',
    channel: 'whatsapp',
    content: {
      body: lines(
        'Olá, {{primeiro_nome}}. O débito de {{descricao_divida}} com {{credor}}, no valor de {{valor_total}}, está em aberto desde {{vencimento}}.',
        '',
        'Queremos resolver isso com você. No link você vê os valores em detalhe e as condições disponíveis: {{link}}',
        '',
        'Importante: um débito em aberto pode ser incluído nos cadastros de proteção ao crédito, sempre com aviso prévio por escrito (CDC art. 43 §2º). Negociando antes, isso pode ser evitado.',
        '',
        `${HELP}. Se já pagou ou não reconhece o débito, responda esta mensagem.`,
        '',
        WHATSAPP_CREDITOR,
        '',
        OPT_OUT,
      ),
      discreetBody: discreetWhatsapp('uma informação importante'),
    },
  },

  // --- agreements --------------------------------------------------------------------------------------
  {
    key: 'agreement-welcome-email',
    name: 'Boas-vindas ao acordo — e-mail',
    channel: 'email',
    content: {
      subject: 'Seu acordo com {{credor}} está registrado',
      body: lines(
        'Olá, {{primeiro_nome}}.',
        '',
        'Obrigado por fechar o acordo com {{credor}}, referente a {{descricao_divida}}. Ele está registrado.',
        '',
        'No link você encontra o termo do acordo, o calendário das parcelas e as formas de pagamento (Pix ou boleto): {{link}}',
        '',
        'Vamos lembrar você um dia antes de cada vencimento. Se algum mês apertar, responda NEGOCIAR antes do vencimento: é mais fácil encontrar uma saída juntos.',
        '',
        IDENTIFICATION,
        EMAIL_OPT_OUT,
      ),
      ...discreetEmail('uma confirmação'),
    },
  },
  {
    key: 'agreement-welcome-whatsapp',
    name: 'Boas-vindas ao acordo — WhatsApp',
    channel: 'whatsapp',
    content: {
      body: lines(
        'Olá, {{primeiro_nome}}! Obrigado por fechar o acordo com {{credor}}, referente a {{descricao_divida}}. Ele está registrado.',
        '',
        'Termo, calendário das parcelas e formas de pagamento: {{link}}',
        '',
        'Vamos lembrar você um dia antes de cada vencimento. Se algum mês apertar, responda NEGOCIAR antes do vencimento e buscamos uma saída juntos.',
        '',
        OPT_OUT,
      ),
      discreetBody: discreetWhatsapp('uma confirmação'),
    },
  },
  {
    key: 'payment-receipt-email',
    name: 'Recibo de pagamento — e-mail (transacional)',
    channel: 'email',
    transactional: true,
    content: {
      subject: 'Pagamento recebido: {{valor_pago}} para {{credor}}',
      body: lines(
        'Olá, {{primeiro_nome}}.',
        '',
        'Recebemos seu pagamento de {{valor_pago}} em {{data_pagamento}}, referente a {{descricao_divida}} com {{credor}}. Obrigado!',
        '',
        'O comprovante e a situação atualizada estão no link: {{link}}',
        '',
        'Se algo não estiver certo, responda este e-mail e verificamos com você.',
        '',
        IDENTIFICATION,
      ),
      ...discreetEmail('uma confirmação', false),
    },
  },
  {
    key: 'agreement-broken-email',
    name: 'Acordo interrompido — e-mail',
    channel: 'email',
    content: {
      subject: '{{primeiro_nome}}, vamos retomar seu acordo com {{credor}}?',
      body: lines(
        'Olá, {{primeiro_nome}}.',
        '',
        'Não identificamos o pagamento de uma parcela do seu acordo com {{credor}}, referente a {{descricao_divida}}, e o prazo de tolerância terminou. Sabemos que a vida muda e imprevistos acontecem.',
        '',
        'Com o acordo encerrado, o saldo em aberto hoje é {{valor_total}}, já descontado tudo o que você pagou. No link você vê o cálculo e as opções para retomar: {{link}}',
        '',
        `${HELP}. Vamos ouvir o que mudou e buscar uma proposta que caiba no seu orçamento. Se já pagou, responda este e-mail e verificamos.`,
        '',
        IDENTIFICATION,
        EMAIL_OPT_OUT,
      ),
      ...discreetEmail('uma mensagem importante'),
    },
  },
  {
    key: 'agreement-broken-whatsapp',
    name: 'Acordo interrompido — WhatsApp',
    channel: 'whatsapp',
    content: {
      body: lines(
        'Olá, {{primeiro_nome}}. Não identificamos o pagamento de uma parcela do seu acordo com {{credor}} e o prazo de tolerância terminou. Sabemos que imprevistos acontecem.',
        '',
        'O saldo em aberto hoje é {{valor_total}}, já descontado o que você pagou. Veja o cálculo e as opções para retomar: {{link}}',
        '',
        `${HELP} e conversamos sobre o que mudou. Se já pagou, responda esta mensagem.`,
        '',
        WHATSAPP_CREDITOR,
        '',
        OPT_OUT,
      ),
      discreetBody: discreetWhatsapp('um recado'),
    },
  },

  // --- agent's phone script and letter -----------------------------------------------------------------
  {
    key: 'phone-call-script',
    name: 'Roteiro de ligação — telefone',
    channel: 'phone',
    content: {
      body: lines(
        'Roteiro de ligação: {{agencia}}, em nome de {{credor}}',
        '',
        '1. Apresente-se com calma: "Olá, meu nome é [seu nome], de {{agencia}}. Falo com {{nome}}?"',
        '2. Confirme a identidade antes de qualquer detalhe: peça a data de nascimento ou os três primeiros dígitos do CPF. Se não for a própria pessoa, não diga o motivo da ligação nem deixe recado; agradeça e pergunte o melhor horário para retornar.',
        '3. Explique com clareza: "Estou ligando sobre {{descricao_divida}} com {{credor}}. O valor atualizado hoje é {{valor_total}}, e posso explicar como ele é calculado."',
        '4. Ouça com perguntas abertas: "O que aconteceu para o pagamento atrasar?" e "Quanto cabe no seu orçamento por mês?"',
        '5. Apresente as opções da política do credor, à vista ou parceladas. Não pressione: um acordo que a pessoa não consegue cumprir não ajuda ninguém.',
        '6. Se a pessoa não puder decidir agora, combine um retorno no horário que ela preferir e registre. Se pedir para não receber ligações, registre o pedido.',
        '7. Registre o resultado e, se a pessoa quiser, envie o link do portal: {{link}}',
      ),
      discreetBody: lines(
        'Roteiro de ligação: identidade ainda não confirmada',
        '',
        '1. Apresente-se com calma: "Olá, meu nome é [seu nome], de {{agencia}}. Eu poderia falar com {{primeiro_nome}}?"',
        '2. Antes de qualquer assunto, confirme a identidade: peça a data de nascimento ou os três primeiros dígitos do CPF.',
        '3. Se não for a própria pessoa, ou se a identidade não for confirmada, não diga o motivo da ligação nem deixe recado. Agradeça e pergunte o melhor horário para retornar.',
        '4. Com a identidade confirmada, abra o roteiro completo no sistema antes de continuar.',
        '5. Se a pessoa pedir para não receber ligações, registre o pedido.',
      ),
    },
  },
  {
    key: 'collection-letter',
    name: 'Carta de cobrança — correio',
    channel: 'letter',
    content: {
      body: lines(
        '{{nome}}',
        '',
        'Assunto: débito em aberto com {{credor}}',
        '',
        'Olá, {{primeiro_nome}}.',
        '',
        'Escrevemos em nome de {{credor}}, {{credor_documento}}, {{credor_endereco}}, sobre {{descricao_divida}}, em aberto desde {{vencimento}}. O valor atualizado nesta data é {{valor_total}}.',
        '',
        'Sabemos que imprevistos acontecem e queremos ajudar você a resolver isso de um jeito que caiba no seu orçamento. No portal você vê cada valor em detalhe, simula opções à vista ou parceladas e paga por Pix ou boleto:',
        '{{link}}',
        '',
        'Se não puder pagar agora, acesse o link e escolha a opção NEGOCIAR: vamos ouvir você e buscar uma proposta possível. Se já pagou, ou se não reconhece este débito, fale com a gente pelo mesmo link para verificarmos.',
        '',
        'Atenciosamente,',
        '{{agencia}}, em nome de {{credor}}',
      ),
      discreetBody: lines(
        'Olá, {{primeiro_nome}}.',
        '',
        'A equipe {{agencia}} tem uma mensagem para você. Para ver com segurança, acesse o endereço abaixo e confirme alguns dados:',
        '{{link}}',
        '',
        'Se esta carta não é para você, por favor desconsidere.',
        '',
        'Atenciosamente,',
        'Equipe {{agencia}}',
      ),
    },
  },
];
