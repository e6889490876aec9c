import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from './default-templates.ts';
import { checkTone, TONE_CATEGORIES, type ToneCategory } from './tone.rules.ts';

const REFUSED: [string, ToneCategory][] = [
  // threats of prison, police, crime (CDC arts. 42 e 71; CF art. 5º LXVII)
  ['Você será preso se não pagar até sexta.', 'threat'],
  ['Se não regularizar, vai acabar na cadeia.', 'threat'],
  ['Vamos acionar a polícia caso o débito continue em aberto.', 'threat'],
  ['Chamaremos a polícia se você não pagar.', 'threat'],
  ['Você vai responder a um processo criminal.', 'threat'],
  ['Não pagar configura crime de calote.', 'threat'],
  ['Dar calote é crime, sabia?', 'threat'],
  ['Já existe um mandado de prisão em seu nome.', 'threat'],
  ['Registraremos um boletim de ocorrência contra você.', 'threat'],
  ['O senhor será processado criminalmente.', 'threat'],
  ['Você está cometendo um crime ao não pagar.', 'threat'],
  ['Sua dívida pode dar cadeia.', 'threat'],
  ['Vamos mandar prender você.', 'threat'],
  ['A polícia vai procurar você amanhã.', 'threat'],
  ['Isso é caso de polícia.', 'threat'],
  ['Você pode ser presa por essa dívida.', 'threat'],
  ['VOCE SERA PRESO', 'threat'],
  ['vc vai preso', 'threat'],
  ['Vamos  acionar   a  Polícia', 'threat'],
  ['Se não pagar você será preso', 'threat'],
  ['Você não pagou e será preso.', 'threat'],
  // coercion and intimidation (CDC arts. 42 e 71)
  ['Última chance antes de medidas drásticas.', 'coercion'],
  ['Vamos até a sua casa cobrar pessoalmente.', 'coercion'],
  ['O oficial de justiça vai bater na sua porta.', 'coercion'],
  ['Tomaremos medidas severas contra você.', 'coercion'],
  ['Sabemos onde você mora.', 'coercion'],
  ['Você vai se arrepender de não ter pago.', 'coercion'],
  ['Vamos ligar de madrugada até você pagar.', 'coercion'],
  ['Não vamos parar de ligar até você quitar.', 'coercion'],
  ['Não adianta se esconder, vamos te encontrar.', 'coercion'],
  ['Nosso cobrador vai passar na sua casa hoje.', 'coercion'],
  ['Arque com as consequências.', 'coercion'],
  ['Iremos ao seu trabalho cobrar.', 'coercion'],
  ['Evite maiores transtornos: regularize sua situação.', 'coercion'],
  ['Estamos de olho em você.', 'coercion'],
  // exposure to ridicule or to third parties (CDC arts. 42 e 71; LGPD)
  ['Vamos ligar para o seu chefe e contar tudo.', 'exposure'],
  ['Se não pagar, sua família vai ficar sabendo.', 'exposure'],
  ['Vamos avisar seus vizinhos sobre a dívida.', 'exposure'],
  ['Seu nome vai para a lista de caloteiros.', 'exposure'],
  ['Todos vão saber que você não paga suas contas.', 'exposure'],
  ['Vamos postar nas redes sociais que você deve.', 'exposure'],
  ['Entraremos em contato com seu empregador.', 'exposure'],
  ['Mandaremos uma carta para o seu trabalho.', 'exposure'],
  ['Seus colegas de trabalho vão saber da sua situação.', 'exposure'],
  ['Vamos expor você no grupo do condomínio.', 'exposure'],
  ['Você vai passar vergonha na frente de todos.', 'exposure'],
  ['Falaremos com sua mãe sobre o débito.', 'exposure'],
  ['Seu nome será divulgado na internet.', 'exposure'],
  ['Avisaremos sobre a dívida aos seus familiares.', 'exposure'],
  ['Vou contar pra sua mulher.', 'exposure'],
  // messages left with third parties (CDC art. 42; LGPD)
  ['Deixamos recado com sua vizinha sobre o débito.', 'exposure'],
  ['Deixei uma mensagem com o porteiro do seu prédio.', 'exposure'],
  ['Pedimos para sua mãe avisar você da pendência.', 'exposure'],
  ['Seu irmão já foi informado da situação.', 'exposure'],
  ['O recado foi deixado com seus colegas de trabalho.', 'exposure'],
  ['Sua esposa recebeu nosso recado ontem.', 'exposure'],
  // false or misleading legal claims (CDC art. 71)
  ['Seu nome ficará sujo para sempre.', 'false_claim'],
  ['Negativação eterna no Serasa.', 'false_claim'],
  ['Você perderá seu emprego.', 'false_claim'],
  ['Você vai perder sua casa.', 'false_claim'],
  ['Vamos bloquear seu CPF.', 'false_claim'],
  ['Seu CPF será cancelado pela Receita.', 'false_claim'],
  ['Seus filhos vão herdar essa dívida.', 'false_claim'],
  ['A dívida passa para os seus filhos.', 'false_claim'],
  ['Seus bens serão penhorados amanhã.', 'false_claim'],
  ['Vamos negativar seu nome sem aviso.', 'false_claim'],
  ['Essa dívida nunca prescreve.', 'false_claim'],
  ['Você nunca mais terá crédito na praça.', 'false_claim'],
  ['Você não poderá tirar passaporte.', 'false_claim'],
  ['Vamos penhorar o seu salário.', 'false_claim'],
  ['Você pode perder a guarda dos seus filhos.', 'false_claim'],
  // issue #12 item 16: negative records "without notice" or longer than 5 years (CDC art. 43 §§1º e 2º)
  ['Seu nome será incluído no SPC e Serasa sem mais avisos.', 'false_claim'],
  ['Sem novo aviso, seu CPF será negativado amanhã.', 'false_claim'],
  ['Seu nome ficará negativado por 10 anos.', 'false_claim'],
  ['A restrição fica no Serasa durante oito anos.', 'false_claim'],
  // imitation of judicial acts (CDC arts. 42 e 71)
  ['Intimação extrajudicial: compareça ao nosso escritório em 24 horas.', 'false_claim'],
  ['Fica o senhor intimado a pagar o débito.', 'false_claim'],
  ['Aviso de penhora: regularize seu débito.', 'false_claim'],
  ['Processo nº 0012345-67 aberto contra você no Tribunal de Cobrança.', 'false_claim'],
  ['Notificação judicial: o prazo para pagar terminou.', 'false_claim'],
  ['Mandado de citação expedido em seu nome.', 'false_claim'],
  // deductions and blocks only a judge can order (CPC arts. 833 e 854)
  ['Vamos descontar do seu salário.', 'false_claim'],
  ['O valor será descontado direto da sua aposentadoria.', 'false_claim'],
  ['Faremos o desconto em folha a partir do mês que vem.', 'false_claim'],
  ['Vamos bloquear seu Pix e suas contas.', 'false_claim'],
  ['Pediremos o bloqueio judicial do seu saldo no Sisbajud.', 'false_claim'],
  ['Reteremos o seu FGTS até a quitação.', 'false_claim'],
  // prescribed debts cannot be sued or collected (STJ REsp 2.088.100/SP)
  ['Mesmo prescrita, a dívida pode ser cobrada na Justiça.', 'false_claim'],
  ['Dívidas prescritas continuam podendo ser executadas.', 'false_claim'],
  ['A prescrição não impede a cobrança judicial.', 'false_claim'],
  ['Vamos entrar com ação, ainda que a dívida esteja prescrita.', 'false_claim'],
  ['O débito prescrito ainda pode ser protestado.', 'false_claim'],
  ['Sua dívida está prescrita, mas vamos processar você assim mesmo.', 'false_claim'],
  // abusive urgency (CDC art. 42)
  ['Pague agora ou vamos tomar providências.', 'urgency'],
  ['HOJE É O ÚLTIMO DIA!!! PAGUE JÁ', 'urgency'],
  ['Regularize hoje, senão a situação complica.', 'urgency'],
  ['URGENTE: compareça ao nosso escritório', 'urgency'],
  ['Entre em contato imediatamente.', 'urgency'],
  ['Esta é sua última chance.', 'urgency'],
  ['Hoje é o último dia, depois disso vamos acionar a polícia.', 'urgency'],
  ['Pague hoje!!!', 'urgency'],
  ['ÚLTIMO AVISO', 'urgency'],
  ['Pague hoje, ou então mandaremos seu caso adiante.', 'urgency'],
  // insults (CDC art. 42)
  ['Seu caloteiro, pague o que deve.', 'insult'],
  ['Deixe de ser vagabundo e pague.', 'insult'],
  ['Você é um mau pagador.', 'insult'],
  ['Safado, sabemos que você tem dinheiro.', 'insult'],
  ['Isso é coisa de pilantra.', 'insult'],
  ['Não seja sem-vergonha.', 'insult'],
  ['Ela é uma má pagadora.', 'insult'],
  ['Você não é um caloteiro, é?', 'insult'],
  // moral shaming (CDC arts. 42 e 71)
  ['Pessoas honestas pagam suas dívidas.', 'insult'],
  ['Tenha vergonha e pague o que deve.', 'insult'],
  ['Que exemplo você está dando aos seus filhos?', 'insult'],
  ['Isso é falta de caráter.', 'insult'],
  ['Você não tem palavra.', 'insult'],
  ['Deus está vendo o que você faz.', 'insult'],
  ['O que seus filhos vão pensar de você?', 'insult'],
  ['Seja honesto e cumpra sua palavra.', 'insult'],
];

const HUMANE: string[] = [
  'Olá, Maria! Sua parcela vence amanhã, 10/12. Evite juros pagando até o vencimento.',
  'Sua fatura vence hoje. Pague pelo Pix ou boleto.',
  'Estamos aqui para ajudar. Se não puder pagar agora, responda NEGOCIAR.',
  'Se já pagou, desconsidere esta mensagem.',
  'O atraso pode levar à inclusão do seu CPF nos órgãos de proteção ao crédito, após aviso prévio (CDC art. 43 §2º).',
  'A dívida prescreve em 5 anos (Código Civil art. 206 §5º I).',
  'Não vamos ligar para sua família nem para seu trabalho.',
  'Nunca entramos em contato com familiares, vizinhos ou colegas.',
  'Fique tranquilo: você não será preso. Dívida não dá cadeia.',
  'Não existe prisão por dívida no Brasil.',
  'A prisão por dívida não existe no Brasil.',
  'Dever não é crime. Estamos aqui para encontrar uma solução.',
  'Sua dívida não será divulgada a ninguém.',
  'Jamais vamos expor você ou sua situação.',
  'Temos condições especiais: 50% de desconto à vista ou parcelamento em até 12 vezes.',
  'Pague hoje ou amanhã, como for melhor para você.',
  'Pague agora pelo Pix ou, se preferir, escolha o boleto.',
  'Você pode perder o desconto se o acordo não for pago.',
  'Perdeu o emprego? Podemos montar um plano que caiba no seu bolso.',
  'Se você perder o emprego, fale com a gente para ajustar o acordo.',
  'Seu nome pode ser incluído no Serasa após notificação por escrito.',
  'O registro negativo dura no máximo 5 anos.',
  'Após o pagamento, a restrição é retirada em até 5 dias úteis.',
  'Nunca negativamos sem aviso prévio por escrito.',
  'Converse com sua família sobre o orçamento do mês, se achar útil.',
  'Fale com a gente pelo WhatsApp ou pelo telefone.',
  'Seu pagamento foi confirmado. Obrigado!',
  'Parabéns! Seu acordo foi quitado.',
  'Acesse o link para ver suas opções: https://trato.app/x/abc',
  'Responda SAIR para não receber mais mensagens por este canal.',
  'Você tem direito de contestar a cobrança, se não reconhecer o débito.',
  'Cuidado com golpes: nunca pedimos depósito em conta de pessoa física.',
  'Se alguém ameaçar você em nosso nome, denuncie.',
  'Caso prefira, podemos ligar em outro horário.',
  'Vamos encontrar juntos uma solução que caiba no seu orçamento.',
  'Você vai ver todas as opções no portal.',
  'Sua parcela VENCE HOJE.',
  'O prazo da oferta termina em 10/12.',
  'Última chance de aproveitar o desconto de 40%.',
  'Não deixamos recados com terceiros e não falamos sobre dívidas com ninguém além de você.',
  'Em nenhuma hipótese vamos procurar seu empregador.',
  'Você não perderá seu emprego nem sua casa por causa de uma dívida.',
  'Seu CPF não será bloqueado nem cancelado.',
  'Ninguém vai saber do nosso contato: tratamos seus dados conforme a LGPD.',
  'Você não será exposto em nenhuma rede social.',
  'A polícia não tem nada a ver com dívidas: a cobrança é um assunto civil.',
  'Não é crime estar endividado.',
  'Quer negociar? Responda NEGOCIAR e um atendente fala com você em horário comercial.',
  'Nosso atendimento funciona de segunda a sexta, das 8h às 20h.',
  'Informamos que a sua parcela de R$ 150,00 vence em 05/01/2026.',
  'Contamos com você para manter o acordo em dia.',
  'Seu nome será retirado dos cadastros em até 5 dias úteis após o pagamento (STJ Súmula 548).',
  'Protegemos seus dados: não compartilhamos informações com terceiros.',
  'Pagando hoje, você garante o desconto.',
  'Sua última parcela vence dia 10.',
  'Lembrete amigável: a parcela 3 do seu acordo vence amanhã.',
  'Nunca iremos até a sua casa sem que você peça.',
  'Se preferir, envie uma mensagem para o nosso WhatsApp.',
  'Dívidas prescritas não podem ser cobradas, mas você pode negociar se quiser.',
  'Você não será preso, não terá o CPF cancelado e não perderá o emprego.',
  'Pode ficar tranquila: não vamos até a sua casa nem ao seu trabalho.',
  'Se o pagamento não for feito até 10/12, o débito poderá ser incluído nos cadastros de inadimplentes.',
  'Sabemos que imprevistos acontecem. Vamos conversar?',
  'Informamos que sua família pode usar o mesmo portal, se você autorizar.',
  'Evite juros e multa pagando até o vencimento.',
  'Ligamos para você hoje cedo, mas não conseguimos falar.',
  'Seu filho pode pagar por você? Não: a dívida é sua e só falamos com você.',
  'Pague hoje e evite juros.',
  'Quite agora ou parcele em até 10 vezes.',
  'O seu chefe não precisa saber de nada, e não vai saber por nós.',
  'Não se preocupe: não expomos ninguém.',
  // issue #12 item 16: true sentences the check used to refuse
  'A restrição não sai na hora: o credor tem até 5 dias úteis após o pagamento para pedir a baixa (Súmula 548).',
  'Se atrasar a parcela, você pode perder o benefício do desconto.',
  'O registro não sai imediatamente: a baixa leva até 5 dias úteis.',
  'Esta dívida está prescrita: você não é obrigado a pagá-la. Ao fechar um acordo, você renuncia à prescrição (Código Civil, art. 191).',
  'Dívida prescrita não pode ser cobrada na Justiça nem fora dela.',
  'Mesmo prescrita, você pode negociar se quiser.',
  'Nunca deixamos recado com vizinhos, porteiros ou familiares.',
  'Não descontamos nada do seu salário nem bloqueamos sua conta.',
  'Não enviamos intimações: só a Justiça intima.',
  'O desconto de 30% vale para pagamento à vista no Pix.',
  'Você pode pagar com desconto até o dia 10.',
  'O valor do desconto aparece no boleto.',
  'A inclusão no cadastro só acontece após aviso por escrito, com 10 dias para você se manifestar.',
  'O registro negativo dura no máximo 5 anos e sai antes disso quando a dívida é paga.',
  'Você pode pedir que uma pessoa revise a oferta a qualquer momento.',
  'Você pode antecipar parcelas com redução proporcional dos juros (CDC art. 52 §2º).',
  'Você tem 7 dias para desistir do acordo feito pelo site ou por telefone, sem multa.',
  'Esta ligação está sendo gravada.',
  'Se quiser uma cópia da gravação, é só pedir: enviamos em até 7 dias úteis.',
  'Valor original: R$ 100,00; multa: R$ 2,00; juros: R$ 3,00; total: R$ 105,00.',
  'Veja o detalhamento do valor em {{link}}.',
  'Pagando à vista, você ganha desconto na conta de luz do próximo mês.',
  'O débito automático na sua conta só acontece se você autorizar.',
];

describe('checkTone: refused phrases', () => {
  it('has at least 45 of them, in every category', () => {
    expect(REFUSED.length).toBeGreaterThanOrEqual(45);
    for (const category of Object.keys(TONE_CATEGORIES)) {
      expect(REFUSED.filter(([, c]) => c === category).length).toBeGreaterThanOrEqual(6);
    }
  });

  it.each(REFUSED)('refuses %j (%s)', (text, category) => {
    const result = checkTone(text);
    expect(result.ok).toBe(false);
    const finding = result.findings.find((f) => f.category === category);
    expect(finding, JSON.stringify(result.findings)).toBeDefined();
    expect(text).toContain(finding!.phrase);
    expect(finding!.phrase.length).toBeGreaterThan(0);
    expect(finding!.reason.length).toBeGreaterThan(10);
    // A family may cite more than its category (e.g. moral shaming: CDC arts. 42 e 71), never less.
    expect(finding!.legalBasis).toMatch(/^CDC art/);
  });
});

describe('checkTone: humane, lawful messages pass', () => {
  it('has at least 45 of them', () => {
    expect(HUMANE.length).toBeGreaterThanOrEqual(45);
  });

  it.each(HUMANE)('passes %j', (text) => {
    expect(checkTone(text)).toEqual({ ok: true, findings: [] });
  });

  it('passes every text of the default templates', () => {
    for (const t of DEFAULT_TEMPLATES) {
      for (const [field, text] of Object.entries(t.content)) {
        if (typeof text !== 'string') continue;
        expect(checkTone(text).findings, `${t.key}.${field}`).toEqual([]);
      }
    }
  });
});

describe('checkTone: details', () => {
  it('reports the phrase in its original case and accents', () => {
    const { findings } = checkTone('Atenção: VOCÊ SERÁ PRESO amanhã.');
    expect(findings[0]).toMatchObject({
      phrase: 'SERÁ PRESO',
      category: 'threat',
      legalBasis: 'CDC arts. 42 e 71',
    });
    expect(findings[0]!.reason).toContain('CF art. 5º LXVII');
  });

  it('maps decomposed accents (NFD input) back to the original substring', () => {
    const text = 'Você será preso e perderá sua casa.'.normalize('NFD');
    const { findings } = checkTone(text);
    expect(findings.map((f) => f.category)).toEqual(['threat', 'false_claim']);
    for (const f of findings) expect(text).toContain(f.phrase);
    expect(findings[1]!.phrase.normalize('NFC')).toBe('perderá sua casa');
  });

  it('sees through zero-width characters', () => {
    const text = 'Você será pre\u200Bso.';
    const { findings } = checkTone(text);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.phrase).toBe('será pre\u200Bso');
  });

  it('reports findings in text order, each phrase once', () => {
    const text = 'Caloteiro! Vamos ligar para o seu chefe. Você será preso.';
    const { findings } = checkTone(text);
    expect(findings.map((f) => f.category)).toEqual(['insult', 'exposure', 'threat']);
    expect(findings.map((f) => f.phrase)).toEqual(['Caloteiro', 'ligar para o seu chefe', 'será preso']);
  });

  it('reports a match inside a longer one once, by the longer', () => {
    const { findings } = checkTone('Seu nome vai para a lista de caloteiros.');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ phrase: 'lista de caloteiros', category: 'exposure' });
  });

  it('a conditional "se não" does not cancel a threat, a denial does', () => {
    expect(checkTone('Se não pagar, vamos ligar para sua família.').ok).toBe(false);
    expect(checkTone('Caso não regularize vamos acionar a polícia.').ok).toBe(false);
    expect(checkTone('Garantimos que não vamos ligar para sua família.').ok).toBe(true);
    expect(
      checkTone('Não vamos ligar para sua família, mas vamos ligar para o seu chefe.').findings,
    ).toHaveLength(1);
  });

  it('insults are refused even when denied', () => {
    expect(checkTone('Não achamos que você seja caloteiro.').ok).toBe(false);
  });

  it('harassment cites the interference with rest (CDC art. 71)', () => {
    const [f] = checkTone('Vamos ligar de madrugada até você pagar.').findings;
    expect(f).toMatchObject({ category: 'coercion', legalBasis: 'CDC art. 71' });
  });

  it('capitals alone are not shouting; capitals with pressure are', () => {
    expect(checkTone('Olá, MARIA DA SILVA SANTOS. Responda SAIR ou NEGOCIAR.').ok).toBe(true);
    expect(checkTone('Pague pelo PIX ou BOLETO.').ok).toBe(true);
    expect(checkTone('PAGUE JÁ').findings[0]).toMatchObject({ phrase: 'PAGUE JÁ', category: 'urgency' });
  });

  it('"hoje é o último dia" alone is a fact; next to a threat it is pressure', () => {
    expect(checkTone('Hoje é o último dia da oferta.').ok).toBe(true);
    const { findings } = checkTone('Hoje é o último dia: depois vamos até a sua casa.');
    expect(findings.map((f) => f.category).sort()).toEqual(['coercion', 'urgency']);
  });

  it('empty text passes', () => {
    expect(checkTone('')).toEqual({ ok: true, findings: [] });
  });
});
