/**
 * Tone check for collection messages (templates and agents' free text).
 *
 * The law draws the line, not taste:
 * - CDC art. 42: a consumer in default may not be exposed to ridicule, nor subjected to any constraint
 *   or threat.
 * - CDC art. 71 (a crime): threat, coercion, physical or moral constraint, false, incorrect or misleading
 *   statements, or any procedure that exposes the consumer to ridicule or interferes with their work,
 *   rest or leisure.
 * - LGPD (Lei 13.709/2018): a debt is never revealed to a third party.
 *
 * Lawful facts stay lawful: a reminder of a due date, "evite juros", an offer, or the statement that an
 * unpaid debt may be registered with a credit bureau after prior written notice (CDC art. 43 §2º) all pass.
 *
 * How it works: the text is folded to lower case without accents (keeping a map back to the original
 * offsets), each rule's patterns run over the folded copy, and a finding reports the original substring.
 * Rules of the threat, coercion, exposure and false-claim kinds are cancelled by a negation just before
 * them in the same clause ("não vamos ligar para sua família"), unless the negation is a condition
 * ("se não pagar, será preso"). Insults are never cancelled: a label is demeaning even when denied.
 */

export type ToneCategory = 'threat' | 'coercion' | 'exposure' | 'false_claim' | 'urgency' | 'insult';

export interface ToneFinding {
  /** The offending text exactly as it appears in the input (original case and accents). */
  phrase: string;
  /** Why, in pt-BR, for the person editing the message. */
  reason: string;
  /** E.g. "CDC art. 71", "CDC art. 42", "CDC arts. 42 e 71". */
  legalBasis: string;
  /** The rule family; always set by `checkTone`. */
  category?: ToneCategory;
}

export const TONE_CATEGORIES: Record<ToneCategory, { label: string; legalBasis: string }> = {
  threat: { label: 'ameaça de prisão, polícia ou processo criminal', legalBasis: 'CDC arts. 42 e 71' },
  coercion: { label: 'coação ou intimidação', legalBasis: 'CDC arts. 42 e 71' },
  exposure: { label: 'exposição ao ridículo ou a terceiros', legalBasis: 'CDC arts. 42 e 71' },
  false_claim: { label: 'afirmação falsa ou enganosa', legalBasis: 'CDC art. 71' },
  urgency: { label: 'urgência abusiva', legalBasis: 'CDC art. 42' },
  insult: { label: 'ofensa', legalBasis: 'CDC art. 42' },
};

interface ToneRule {
  category: ToneCategory;
  reason: string;
  /** Overrides the category's legal basis. */
  legalBasis?: string;
  patterns: RegExp[];
}

// ---------------------------------------------------------------------------------------------------
// Pattern building blocks (over the folded text: lower case, no accents). A space in a pattern means
// "one or more whitespace characters".

/** Up to `n` arbitrary words, never a negation (so "dever não é crime" cannot match "dever ... é crime"). */
const G = (n: number) =>
  String.raw`(?:(?!(?:nao|nunca|jamais|nem|ninguem)(?![\p{L}\p{N}]))[\p{L}\p{N}_\-]+ ){0,${n}}?`;

/** Like `G`, but a word may carry a comma ("mesmo prescrita, a dívida pode..."). */
const GC = (n: number) =>
  String.raw`(?:(?!(?:nao|nunca|jamais|nem|ninguem)(?![\p{L}\p{N}]))[\p{L}\p{N}_\-]+,? ){0,${n}}?`;

const POSS =
  '(?:(?:o|a|os|as|do|da|dos|das|ao|aos|no|na|nos|nas|pro|pra|pros|pras|para o|para a|para os|para as|com o|com a|com os|com as|de|em) )?(?:seu|sua|seus|suas|teu|tua|teus|tuas)';

const YOU = '(?:voce|vc|o senhor|a senhora|tu)';

/** Third parties that are never the debtor (no possessive needed). */
const THIRD_STRONG = `(?:familia|familiares|parentes?|vizinh(?:o|a|os|as|anca)|colegas?(?: de trabalho)?|empregador(?:a|es)?|chefe|chefia|patr(?:ao|oa)|rh|recursos humanos|sindico|amig(?:o|a|os|as)|conhecidos|referencias|porteir(?:o|a|os|as)|zelador(?:a)?|recepcionista|quem atendeu|quem atender|empresa (?:onde|em que) ${YOU} trabalha)`;

/** Third parties that are ambiguous without a possessive ("país", "trabalho"). */
const THIRD_POSS =
  '(?:pais|mae|pai|esposa|esposo|marido|mulher|conjuge|companheir(?:o|a)|namorad(?:o|a)|filh(?:o|a|os|as)|irm(?:ao|a|aos|as)|avos?|avo|sogr(?:o|a)|trabalho|emprego|empresa|local de trabalho|escola|faculdade|igreja)';

const THIRD = `(?:(?:${POSS} )?${THIRD_STRONG}|${POSS} ${THIRD_POSS})`;

const AR = '(?:ar|arei|aremos|ara|arao|ando|amos|ou|aram|ei|o|emos|ariamos|aria)';

/** Verbs of telling or contacting someone. */
const TELL = `(?:(?:cont|avis|inform|comunic|lig|telefon|notific|procur|fal|acion|divulg|espalh|mostr|alert|cobr|visit|incomod|cham)${AR}|liguei|contat(?:ar|aremos|ara|amos|ei|emos)|entr(?:ar|aremos|ara|amos|o|ei|emos) em contato|(?:mand|envi)(?:ar|aremos|ara|amos|o|ei|ando) ${G(1)}(?:mensage(?:m|ns)|cartas?|e-?mails?|recados?|whatsapp|sms|notificac(?:ao|oes)|cobrancas?))`;

/**
 * What may stand between a verb of telling and the third party: prepositions, articles, "tudo", the debt
 * itself. Not "que": "informamos que sua família de produtos..." is not telling the family anything.
 */
const TELL_GAP =
  '(?:(?:para|pra|pro|a|ao|aos|as|com|no|na|nos|nas|em|tudo|sobre|isso|te|lhe|o|os|um|uma|caso|divida|debito|situacao|do|da|dos|das|de|diretamente|ate|tambem|pessoalmente|logo|hoje|amanha|agora|ja|mesmo|mensagem|carta|recado) ){0,4}?';

const SOCIAL =
  '(?:redes sociais|rede social|facebook|instagram|twitter|tiktok|linkedin|kwai|internet|jornal|grupos? (?:de|do|da) (?:whatsapp|bairro|condominio|familia|trabalho|igreja))';

const DEBTOR_THING =
  '(?:seu nome|sua divida|seu debito|sua situacao|seu caso|sua foto|seus dados|seu cpf|essa divida|esta divida)';
const DEBTOR_OR_YOU = `(?:${DEBTOR_THING}|${YOU}|isso)`;

const ASSETS =
  '(?:casa|imovel|apartamento|carro|moto|veiculo|bens|salario|aposentadoria|beneficio|conta bancaria|conta corrente|conta salario|poupanca|fgts|moveis|pertences)';

const DOCS =
  '(?:cpf|titulo de eleitor|titulo eleitoral|cnh|carteira de motorista|passaporte|rg|carteira de identidade|carteira de trabalho|ctps)';

function compile(source: string): RegExp {
  const body = source.replace(/ /g, String.raw`\s+`);
  return new RegExp(String.raw`(?<![\p{L}\p{N}])(?:` + body + String.raw`)(?![\p{L}\p{N}])`, 'gu');
}

function rule(category: ToneCategory, reason: string, patterns: string[], legalBasis?: string): ToneRule {
  return { category, reason, patterns: patterns.map(compile), ...(legalBasis ? { legalBasis } : {}) };
}

// ---------------------------------------------------------------------------------------------------
// Rules

const RULES: ToneRule[] = [
  // --- threats: prison, police, crime -------------------------------------------------------------
  rule('threat', 'ameaça de prisão: dívida civil não leva à prisão (CF art. 5º LXVII)', [
    `(?:sera|serao|vai ser|vao ser|ira ser|irao ser|pode ser|podera ser|podem ser|poderao ser|vai acabar|ira acabar|acabara|vai sair|saira|vai|vao|ira|irao) ${G(2)}(?:pres[oa]s?|detid[oa]s?|algemad[oa]s?|encarcerad[oa]s?|enjaulad[oa]s?)`,
    `(?:ir|vai|vao|ira|irao|levar|levad[oa]s?|levaremos|acabar|acabara|parar|mandar|mandaremos|mandad[oa]s?|colocar|colocaremos|jogar|jogaremos|passar|passara|terminar|terminara) ${G(2)}(?:na|a|pra|para|para a|pro|no|atras das|em|numa|uma) (?:cadeia|prisao|xadrez|xilindro|presidio|penitenciaria|grades|cela)`,
    '(?:mandado|ordem|voz|decreto|pedido|decretacao) de prisao',
    `(?:cadeia|prisao|xadrez) (?:pra|para) ${YOU}`,
    '(?:da|leva a|levar a|levara a|resulta em|resultara em|gera|gerara|causa|pode dar|vai dar|podera dar|dara) (?:em )?(?:prisao|cadeia|xadrez)',
    'prisao (?:civil |imediata |preventiva )?(?:por|pela|em razao da|em razao de) (?:divida|debito|falta de pagamento|atraso|inadimplencia)s?(?! (?:nao|e proibida|e inconstitucional|foi abolida|acabou))',
    'prend(?:er|era|erao|eremos|erem|e-lo|e-la|e-los|e-las)',
  ]),
  rule('threat', 'ameaça de acionar a polícia: atraso de pagamento é assunto civil, não caso de polícia', [
    `(?:acion|cham|avis|comunic|denunci|envolv|inform|notific|encaminh|registr|reclam|lev)(?:ar|arei|aremos|ara|arao|ando|amos|ado|ada|ei|emos) ${G(3)}(?:policia|delegacia|delegado)`,
    'caso de policia',
    '(?:a )?policia (?:vai|ira|sera acionada|sera chamada|estara|podera|vira|chegara|ja foi acionada|foi acionada|esta sendo acionada|batera)',
    'boletim de ocorrencia',
    String.raw`(?:um|o) b\.o\.?`,
    'queixa[ -]crime',
    '(?:inquerito|investigacao|ocorrencia) policial',
    'policia (?:civil|militar|federal)',
  ]),
  rule(
    'threat',
    'insinuação de crime: dever não é crime, e a cobrança não pode ameaçar com processo criminal',
    [
      '(?:processos?|acao|denuncia|queixa|representacao|ficha|registro|inquerito|investigacao|execucao) (?:criminal|penal|criminais|penais)',
      'criminalmente',
      'crime (?:de|do) (?:calote|estelionato|fraude|apropriacao indebita|nao pagamento|inadimplencia|falta de pagamento)',
      `(?:calote|divida|dever|deixar de pagar|nao pagar|atraso|atrasar|inadimplencia|sua conduta|sua atitude|isso|o que ${YOU} fez|o que ${YOU} esta fazendo) ${G(2)}(?:e|eh|sera|configura|configurara|constitui|caracteriza|vira|pode ser) (?:um |considerado |considerada )?(?:crime|delito|ilicito penal|estelionato|fraude)`,
      '(?:cometendo|cometeu|comete|cometera|praticando|praticou|praticara|incorrendo|incorreu) (?:um |o |em )?(?:crime|delito|estelionato|fraude|ilicito penal)',
      String.raw`(?:crime de|acusad[oa] de|praticando|cometendo|responder por|respondera por|processad[oa] por|denunciad[oa] por|enquadrad[oa] (?:por|em|no)) estelionat\p{L}*`,
      String.raw`${YOU} (?:e|eh|sera|esta sendo considerad[oa]|sera considerad[oa]) (?:um |uma )?(?:estelionat\p{L}*|criminos[oa]|bandid[oa]|fraudador(?:a)?)`,
      '(?:antecedentes|ficha) criminais?',
    ],
  ),

  // --- coercion and intimidation --------------------------------------------------------------------
  rule('coercion', 'intimidação: ameaça vaga de "medidas" ou consequências para forçar o pagamento', [
    'medidas (?:drasticas|extremas|severas|energicas|mais duras|duras|pesadas|mais serias|serias|rigorosas|mais rigorosas|radicais)',
    'ultim[oa] (?:chance|oportunidade|aviso|advertencia) antes (?:de|da|do|das|dos|que)',
    '(?:arcar|arque|arcara|sofrer|sofra|sofrera|enfrentar|enfrente|enfrentara|aguentar|aguente|aguentara) (?:com )?(?:as )?(?:devidas )?consequencias',
    '(?:vai|ira|vao|irao) se arrepender|se arrependera',
    `vai ver so|${YOU} vai ver (?:o que acontece|com quem|quem manda)`,
    'nao diga que nao (?:avisamos|foi avisad[oa]|avisei)',
    `(?:a coisa|as coisas|sua situacao|sua vida|pra ${YOU}|para ${YOU}) ${G(1)}(?:vai|vao|ira|irao) (?:ficar|complicar) (?:feia|feias|pior|muito pior|complicad[oa]|dificil|preta)`,
    '(?:vamos|iremos|vou) (?:complicar|infernizar|atormentar|dificultar) (?:a )?(?:sua )?vida',
    'sua vida (?:vai|ira) (?:virar|ser) um inferno',
    'evite (?:maiores |futuros |novos )?(?:transtornos|constrangimentos|aborrecimentos|dissabores|problemas maiores|maiores problemas|dor de cabeca)',
    `(?:estamos|estaremos|vamos ficar|ficaremos) de olho (?:em ${YOU}|no senhor|na senhora)`,
    '(?:nao ha|nao tem|nao tera|nao existe) (?:como|para onde|pra onde) (?:fugir|escapar|se esconder|correr)',
    'nao adianta (?:fugir|se esconder|se esquivar|ignorar|correr)',
    `(?:vamos|iremos|vao|irao) (?:atras|em cima) de ${YOU}`,
  ]),
  rule('coercion', 'intimidação: ameaça de visita ou perseguição para forçar o pagamento', [
    '(?:vamos|iremos|vou|vai|vao|ira|irao|estaremos|passaremos|apareceremos|aparecer) (?:ate|a|ao|na|no|em|pela|pelo|por) (?:a |o )?(?:sua|tua|seu|teu) (?:casa|residencia|porta|rua|empresa|trabalho|servico|emprego)',
    '(?:vamos|iremos|vao|irao|vou) (?:te|lhe) (?:visitar|procurar|buscar|encontrar|cacar|pegar)',
    `(?:vamos|iremos|vao|irao|vou) (?:visitar|encontrar|cacar|pegar) ${YOU}`,
    `(?:bater|batera|baterao|batendo|vai bater|vao bater) ${G(1)}(?:na|a|em) (?:sua|tua) porta`,
    `oficia(?:l|is) de justica ${G(3)}(?:vai|vao|ira|irao|estara|estarao|aparecera|batera|comparecera|chegara|bater|aparecer|visitar|na sua|a sua|em sua)`,
    '(?:mand|envi)(?:ar|aremos|ara|amos|ei) (?:um |o )?oficial de justica',
    `sabemos onde ${YOU} (?:mora|trabalha|estuda)`,
    `(?:cobrador(?:es)?|motoboy|agentes?|funcionarios?|equipe) ${G(2)}(?:vai|vao|ira|irao|passara|passarao|estara|estarao) ${G(2)}(?:sua|tua) (?:casa|residencia|porta|trabalho)`,
  ]),
  rule(
    'coercion',
    'perturbação: contatos insistentes interferem no trabalho, no descanso ou no lazer (CDC art. 71)',
    [
      `(?:ligar|ligaremos|ligando|ligamos|telefonar|telefonaremos|mandar mensagens|mandaremos mensagens|cobrar|cobraremos|cobrando|insistir|insistiremos|perturbar) ${G(3)}(?:de madrugada|toda hora|todas as horas|a toda hora|o dia (?:todo|inteiro)|a noite (?:toda|inteira)|dia e noite|sem parar|ate ${YOU} pagar)`,
      '(?:nao|nunca) (?:vamos|iremos) (?:parar|desistir|sossegar|descansar)(?: de [\\p{L}]+)? (?:ate|enquanto)',
      '(?:nao|nunca) (?:vai|vao|ira|irao|tera|terao|vai ter) (?:mais )?(?:paz|sossego|descanso)',
    ],
    'CDC art. 71',
  ),

  // --- exposure to ridicule or to third parties ------------------------------------------------------
  rule(
    'exposure',
    'exposição a terceiros: a dívida não pode ser revelada a familiares, empregador, vizinhos ou conhecidos (CDC art. 42; LGPD)',
    [
      `${TELL} ${TELL_GAP}${THIRD}`,
      '(?:todos|todo mundo|geral|toda a cidade|o bairro inteiro|o bairro todo) (?:vao|vai|irao|ira|vao acabar|acabarao) (?:saber|ficar sabendo|descobrir)',
      `${THIRD} ${G(1)}(?:vai|vao|ira|irao|podem|poderao|pode|podera) ${G(1)}(?:saber|ficar sabendo|descobrir)`,
    ],
  ),
  rule(
    'exposure',
    'recado com terceiros: deixar mensagem sobre a dívida com vizinho, familiar, porteiro ou colega revela o débito (CDC art. 42; LGPD art. 7º X)',
    [
      `(?:deix|pass|transmit|dei)(?:ar|amos|aremos|ara|ei|ou|emos|o|imos|iremos|ir)? ${G(2)}(?:recados?|mensage(?:m|ns)|avisos?|bilhetes?|cartas?|notificac(?:ao|oes)|cobrancas?) ${TELL_GAP}(?:com|para|pra|a|ao|aos|na|no|nas|nos) (?:(?:o|a|os|as) )?${THIRD}`,
      `(?:recados?|mensage(?:m|ns)|avisos?|bilhetes?) ${G(2)}(?:deixad|entregue|passad|transmitid)[oa]s? ${TELL_GAP}(?:com|para|pra|a|ao|aos|na|no) (?:(?:o|a|os|as) )?${THIRD}`,
      `(?:pedi|pedimos|pediremos|pedir|pediu) ${TELL_GAP}${THIRD} ${G(3)}(?:avisar|avise|dar o recado|transmitir|passar o recado|cobrar|falar|contar)`,
      `${THIRD} ${G(1)}(?:foi|foram|ja foi|ja foram|sera|serao) (?:informad|avisad|notificad|comunicad|cobrad)[oa]s?`,
      `${THIRD} ${G(1)}(?:recebeu|recebera|recebeu nosso|ficou com) (?:o |um |nosso |a |uma )?(?:recado|aviso|mensagem|bilhete|carta)`,
    ],
  ),
  rule('exposure', 'exposição pública: expor o consumidor ao ridículo é proibido (CDC arts. 42 e 71)', [
    'lista (?:publica )?(?:de|dos) (?:caloteiros|devedores|maus pagadores|inadimplentes|pessoas que nao pagam)',
    'lista (?:negra|publica)',
    `(?:mural|quadro|painel|cartaz|outdoor)(?:es)? ${G(1)}(?:de|dos) (?:devedores|caloteiros|inadimplentes|maus pagadores)`,
    `(?:exp(?:or|orei|oremos|ondo|ormos|omos)|divulg${AR}|public${AR}|espalh${AR}|post${AR}|compartilh${AR}|torn(?:ar|aremos) publico) ${G(2)}${DEBTOR_THING}`,
    `exp(?:or|orei|oremos|ondo|ormos|omos) (?:${YOU}|isso)`,
    `(?:seu nome|sua divida|seu debito|sua foto|seu caso|sua situacao) ${G(2)}(?:sera|vai ser|ira ser|pode ser|podera ser|vai|ira|vai parar|ira parar|vai aparecer|ira aparecer|aparecera) ${G(2)}(?:expost[oa]|divulgad[oa]|publicad[oa]|espalhad[oa]|em publico|(?:nas?|no|em) ${SOCIAL})`,
    String.raw`(?:post|public|divulg|expo|coloc|espalh|compartilh)[\p{L}]* (?:nas?|no|em) ${SOCIAL}`,
    String.raw`(?:post|public|divulg|expo|coloc|espalh|compartilh|mostr)[\p{L}]* ${G(2)}${DEBTOR_OR_YOU} ${G(3)}(?:nas?|no|em|pelo|pela) ${SOCIAL}`,
    `(?:passar|passara|vai passar|ira passar|fazer ${YOU} passar) ${G(1)}vergonha`,
    'vergonha (?:publica|na frente)',
    '(?:vamos|iremos|vou|vai|vao|podemos|poderemos) (?:te |lhe )?(?:envergonhar|humilhar|constranger|expor|difamar|ridicularizar)',
    '(?:sera|vai ser|ira ser|ficara) (?:humilhad|envergonhad|ridicularizad|constrangid)[oa]s?',
  ]),

  // --- false or misleading legal claims --------------------------------------------------------------
  rule(
    'false_claim',
    'afirmação falsa: o registro negativo dura no máximo 5 anos (CDC art. 43 §1º; STJ Súmula 323)',
    [
      `nome sujo ${G(2)}(?:para sempre|pra sempre|eternamente|a vida (?:toda|inteira)|por toda a vida|ate morrer|por tempo indeterminado)`,
      `(?:negativacao|restricao|registro negativo|nome sujo|nome negativado|cpf sujo|negativado|negativada|sujo|suja) ${G(2)}(?:etern[oa]|perpetu[oa]|permanente|vitalici[oa]|para sempre|pra sempre|eternamente)`,
      `(?:nunca|jamais) (?:mais )?(?:vai|ira|podera|conseguira|tera|tem|vai poder|vai conseguir|vai ter|voltara a ter) ${G(2)}(?:credito|nome limpo|emprestimo|financiamento|cartao|comprar a prazo|comprar parcelado|financiar|abrir conta)`,
      // "Não sai" is false only as a "never": "a restrição não sai na hora" (the creditor has 5 business
      // days, Súmula 548) is true, so a qualifier of time after the verb keeps the sentence lawful.
      `(?:negativacao|nome sujo|divida|debito|restricao)s? ${G(2)}(?:nunca|jamais|nao) (?:mais )?(?:prescreve|prescrevera|vai prescrever|caduca|caducara|vai caducar|expira|sai|saira|vai sair|sera retirad[oa]|sera removid[oa])(?! (?:antes|ate|enquanto|na hora|na mesma hora|no mesmo dia|imediatamente|de imediato|logo|automaticamente|sozinh[oa]|instantaneamente|em tempo real|assim que|no momento))`,
      // Longer than the 5 years of CDC art. 43 §1º.
      String.raw`(?:negativacao|negativad[oa]|restricao|registro negativo|nome sujo|cpf sujo|sujo|suja|(?:no|nos|na) (?:spc|serasa|scpc|boa vista|cadastros?)) ${G(4)}(?:por|durante|ate|pelos proximos|nos proximos) (?:mais de |ate |uns |os proximos )?(?:[6-9]|[1-9]\d+|seis|sete|oito|nove|dez|doze|quinze|vinte|trinta|muitos) anos`,
    ],
  ),
  rule('false_claim', 'afirmação falsa: a dívida não leva à perda de emprego, casa, filhos ou liberdade', [
    // "Perder o benefício do desconto" is the offer's benefit, a true sentence, not the INSS benefit.
    `(?:perdera|perderao|perderas|(?:vai|vao|ira|irao|pode|podera|podem|poderao|vai acabar|corre o risco de|arrisca) perder|acabara perdendo) ${G(1)}(?:${POSS} |o |a |os |as )?(?:emprego|trabalho|casa|imovel|apartamento|carro|moto|veiculo|salario|guarda|filhos|bens|aposentadoria|beneficio(?! (?:do|de|da|dos|das) (?:desconto|abatimento|parcelamento|acordo|oferta|condicao|condicoes|preco|promocao|campanha|pagamento))|bolsa familia|fgts|moradia|liberdade|cpf)`,
    `(?:perder|perdera|vai perder) tudo (?:o )?que ${YOU} tem`,
    '(?:sera|vai ser|podera ser|pode ser|ira ser|acabara) (?:demitid[oa]|mandad[oa] embora|despedid[oa])',
    '(?:por|com|dar|dara|levar a|levara a) justa causa',
    '(?:tirar|tiraremos|tomar|tomaremos|perder) (?:a )?guarda',
    'conselho tutelar',
  ]),
  rule(
    'false_claim',
    'afirmação falsa: a dívida não passa para filhos ou familiares; herdeiros respondem só até o limite da herança (Código Civil art. 1.792)',
    [
      String.raw`(?:seus|teus) filhos ${G(2)}(?:vao|irao|terao|vai|ira|podem|poderao|serao|herdar\p{L}*|pagar\p{L}*|sofrer\p{L}*|ficar\p{L}*|perder\p{L}*)`,
      `(?:divida|debito|conta)s? ${G(3)}(?:passa|passara|vai passar|ira passar|sera transferid[oa]|fica|ficara|vai ficar|sera herdad[oa]|sera cobrad[oa]) ${G(2)}(?:para|pra|aos|com os|dos|de|com|a) (?:${POSS} )?(?:filhos|herdeiros|familia|familiares|parentes|conjuge|esposa|marido|pais|netos)`,
    ],
  ),
  rule(
    'false_claim',
    'afirmação falsa: o cobrador não bloqueia nem cancela CPF, título de eleitor, CNH ou passaporte',
    [
      String.raw`(?:bloque|cancel|suspend|suspens|inativ|cass|anul|trav)[\p{L}]* ${G(1)}(?:o |a )?(?:${POSS} )?${DOCS}`,
      `(?:o |a |${POSS} )?${DOCS} ${G(2)}(?:sera|serao|vai ser|ira ser|pode ser|podera ser|esta|estara|ficara|vai ficar|fica) ${G(1)}(?:bloquead[oa]|cancelad[oa]|suspens[oa]|inativ[oa]|cassad[oa]|anulad[oa]|irregular|travad[oa]|invalid[oa])`,
      String.raw`nao (?:\p{L}+ )?(?:podera|vai poder|conseguira|vai conseguir|tera como) (?:mais )?(?:viajar|votar|tirar (?:o )?passaporte|sair do pais|prestar concurso|fazer concurso|tomar posse|se matricular|estudar|usar o sus|ser atendid[oa]|trabalhar|casar|tirar (?:a )?cnh|dirigir|arrumar emprego|conseguir emprego|arranjar emprego)`,
    ],
  ),
  rule(
    'false_claim',
    'afirmação enganosa: só um juiz pode determinar penhora ou bloqueio de bens, e o salário é em regra impenhorável (CPC art. 833)',
    [
      `(?:penhor|confisc|leilo|sequestr|arrest|tom|bloque|apreend)(?:ar|aremos|ara|arao|amos|er|eremos|era|erao|emos) ${G(1)}${POSS} (?:${ASSETS}|conta)`,
      `(?:penhor|confisc|leilo|sequestr|arrest|bloque|apreend)(?:ar|aremos|ara|arao|amos|er|eremos|era|erao|emos) ${G(1)}(?:os |o |a |as )?${ASSETS}`,
      `(?:${POSS} )?${ASSETS} ${G(2)}(?:sera|serao|vai ser|vao ser|ira ser|irao ser|pode ser|podem ser|podera ser|poderao ser) (?:penhorad|confiscad|apreendid|leiload|tomad|bloquead|sequestrad|arrestad)[oa]s?`,
    ],
  ),
  rule(
    'false_claim',
    'afirmação falsa: a inclusão em cadastro de inadimplentes exige aviso prévio por escrito (CDC art. 43 §2º; STJ Súmula 359)',
    [
      String.raw`(?:negativ|inclu|registr|suj|coloc)[\p{L}]* ${G(6)}(?:sem|independente(?:mente)? de) (?:nenhum |qualquer |previo |mais |novo |novos |outro |outros |um |uma )?(?:aviso|notificacao|comunicacao|comunicado|avisar|notificar)s?`,
      String.raw`sem (?:mais |novo |novos |outro |outros |nenhum |qualquer )?(?:aviso|avisos|notificacao|comunicado)s?,? ${G(3)}(?:negativ|inclu|registr|suj|coloc|protest)[\p{L}]*`,
    ],
  ),
  rule(
    'false_claim',
    'afirmação falsa: dívida prescrita não pode ser cobrada, nem na Justiça nem fora dela (STJ REsp 2.088.100/SP; CDC art. 71)',
    [
      `prescrit[oa]s?,? ${GC(4)}(?:pode|podera|podem|poderao|vai|vao|vamos|iremos|sera|serao|continua|continuam|continuara|ainda) ${G(2)}(?:ser )?(?:cobrad[oa]s?|executad[oa]s?|protestad[oa]s?|negativad[oa]s?|processad[oa]s?|ajuizad[oa]s?|cobrar|executar|protestar|processar|negativar|ajuizar|(?:cobrad[oa]s? )?(?:na justica|judicialmente|em juizo))`,
      String.raw`(?:mesmo|ainda que|apesar de|embora) ${GC(4)}prescri[\p{L}]*,? ${GC(6)}(?:(?:cobr|execut|process|protest|ajuiz|negativ|acion)[\p{L}]*|acao|acoes|justica)`,
      String.raw`(?:(?:cobr|execut|process|protest|ajuiz|negativ|acion)[\p{L}]*|acao|acoes|justica),? ${GC(6)}(?:mesmo|ainda que|apesar de|embora) ${GC(3)}prescri[\p{L}]*`,
      String.raw`prescrit[oa]s?,? (?:mas|porem|so que|contudo|entretanto) ${GC(3)}(?:vamos|iremos|vai|vao|podemos|poderemos|ainda) ${G(2)}(?:cobr|execut|process|protest|ajuiz|negativ|acion)[\p{L}]*`,
      `prescricao ${G(2)}nao (?:impede|impedira|extingue|afasta|protege|livra|cancela|encerra)`,
    ],
    'CDC art. 71; STJ REsp 2.088.100/SP',
  ),
  rule(
    'false_claim',
    'imitação de ato judicial: intimação, citação ou mandado só vêm da Justiça; a cobrança extrajudicial não pode se passar por ela (CDC art. 71)',
    [
      `intimac(?:ao|oes)(?: extrajudicial| judicial| extrajudiciais| judiciais)?|intimad[oa]s?|intimamos|intima-lo|intima-la|fica (?:${YOU} )?(?:citad[oa]|notificad[oa] judicialmente)`,
      'citacao (?:judicial|extrajudicial)|(?:sera|foi|fica|esta) citad[oa] (?:judicialmente|para)',
      'notificac(?:ao|oes) (?:judicial|judiciais|cartorial|cartoria)',
      `mandado(?: judicial| de (?:citacao|intimacao|penhora|busca|execucao|cobranca))`,
      '(?:aviso|ordem|auto|termo) de (?:penhora|execucao|busca e apreensao|arresto|sequestro)',
      '(?:tribunal|juizado|vara|cartorio|camara|orgao) (?:arbitral |especial )?(?:de|da) (?:cobranca|cobrancas|conciliacao de dividas|protecao ao credito)',
      String.raw`compare(?:ca|cer|cam)[\p{L}]* ${G(5)}(?:em|no prazo de|dentro de|ate) \d+ ?(?:h|hs|horas)`,
      '(?:processo|acao) (?:judicial )?(?:numero|n.? ?o|no|nº) ?d',
    ],
    'CDC arts. 42 e 71',
  ),
  rule(
    'false_claim',
    'afirmação enganosa: desconto em salário, benefício ou conta, e bloqueio de valores, só por ordem judicial (CPC arts. 833 e 854; CDC art. 71)',
    [
      `(?:descont|debit|ret|reter|sac|abat|recolh)(?:ar|aremos|ara|arao|amos|ado|ada|ados|adas|er|eremos|ido|ida|emos|ei)? ${G(3)}(?:diretamente )?(?:do|da|no|na|em|de|dos|das) (?:${POSS} |o |a )?(?:salario|folha(?: de pagamento)?|contracheque|holerite|aposentadoria|beneficio|pensao|inss|conta(?: bancaria| corrente| salario| poupanca)?|poupanca|fgts|decimo terceiro|13o|ferias|rescisao|pix)(?! (?:do|de|da) (?:desconto|acordo|oferta))`,
      `desconto (?:em|na|no|direto (?:na|no|do|da)) (?:${POSS} )?(?:folha|salario|contracheque|holerite|aposentadoria|beneficio|conta(?! (?:de|do|da) (?:luz|agua|gas|energia|telefone|internet|consumo)))`,
      `(?:bloque|congel|reter|ret|trav)(?:ar|aremos|ara|arao|amos|io|er|eremos|emos)? ${G(2)}(?:${POSS} |o |a |os |as )?(?:pix|cartoes?|contas?|saldo|dinheiro|valores|cartao de credito|conta (?:bancaria|corrente|salario)|fgts|salario|beneficio|aposentadoria|pensao|restituicao|decimo terceiro)`,
      '(?:sisbajud|bacenjud|penhora online|bloqueio (?:judicial|online|bancario))',
    ],
    'CDC arts. 42 e 71',
  ),

  // --- abusive urgency -------------------------------------------------------------------------------
  rule('urgency', 'urgência abusiva: ultimato para pagar na hora constrange o consumidor (CDC art. 42)', [
    String.raw`(?:pague|pagar|quite|quitar|regularize|regularizar|resolva|resolver|acerte|acertar) ${G(3)}(?:agora|hoje|ja|imediatamente|ainda hoje|hoje mesmo|de imediato|em \d+\s*h(?:oras)?|neste momento|nas proximas \d+ horas),? (?:ou entao|ou|senao)(?![\p{L}\p{N}])(?!,?\s*(?:pelo|pela|via|no|na|com|em|por|parcele|parcelar|se|entre|fale|responda|negocie|acesse|agende|escolha|o boleto|o pix|amanha|ate|depois|quando|use|utilize|cartao|boleto|pix)(?![\p{L}\p{N}]))`,
    `(?:pague|pagar|quite|quitar|regularize|regularizar|resolva|resolver|acerte|acertar) ${G(6)}senao`,
    `(?:pague|quite|regularize|compareca|ligue|entre em contato|procure-nos|procure|responda) ${G(3)}(?:imediatamente|urgentemente|com urgencia|sem demora|de imediato)`,
    'antes que seja (?:tarde|tarde demais)',
    '(?:esta|essa) e (?:a )?sua ultima (?:chance|oportunidade)',
    'sua ultima (?:chance|oportunidade)(?! (?:de|para) (?:aproveitar|garantir|usar))',
    'ultimo aviso',
  ]),

  // --- moral shaming --------------------------------------------------------------------------------------
  rule(
    'insult',
    'constrangimento moral: julgar o caráter, a honestidade ou a fé de quem deve expõe o consumidor ao ridículo (CDC arts. 42 e 71)',
    [
      '(?:pessoas?|gente|cidadaos?|cidada|homens?|mulher(?:es)?|quem (?:e|tem)) (?:honest[oa]s?|de bem|de carater|decentes?|corret[oa]s?|seri[oa]s?|de palavra|honrad[oa]s?|de vergonha|direit[oa]s?|responsave(?:l|is)|digna?s?|dign[oa]s?) (?:pagam|paga|honram|honra|cumprem|cumpre|nao deve|nao devem|nao atrasa|nao atrasam|acertam|acerta|quitam|quita)',
      '(?:tenha|tem|tenham|sinta|sente) (?:um pouco de |um pingo de |mais |alguma )?vergonha',
      'que vergonha|vergonhos[oa]s?',
      '(?:deveria|devia|deve) (?:se )?(?:envergonhar|ter vergonha)',
      '(?:falta|faltou|falta total) de (?:carater|palavra|honra|dignidade|vergonha|vergonha na cara|compromisso|hombridade|respeito|etica|honestidade)',
      '(?:nao tem|sem|nao tenha|nao teve) (?:nenhum |nenhuma |um pingo de )?(?:carater|palavra|honra|dignidade|vergonha na cara|hombridade)',
      `(?:que |qual )?exemplo ${G(2)}(?:dando|da|dara|vai dar|passa|passando) (?:a|aos|para|pra|pros|para os) (?:${POSS} )?(?:filhos|familia|netos)`,
      `(?:o que|que) (?:${POSS} )?(?:filhos|familia|mae|pai|vizinhos|amigos|igreja) (?:vao|vai|iriam|iria) (?:pensar|achar|dizer)`,
      'deus (?:esta vendo|ve tudo|sabe de tudo|vai cobrar|cobra)',
      '(?:seja|sejam|aja|age|agir|tenha|tenham) (?:com )?(?:honest[oa]|honestidade|decencia|decente|dign[oa]|dignidade|carater|homem|mulher) ',
      '(?:honre|honra|honrar|cumpra|cumprir) (?:a )?(?:sua )?palavra',
      'vive(?:r|ndo)? (?:as|a) custas? (?:dos outros|de outros|alheia|de terceiros)',
      'espertinh[oa]s?|espertalh(?:ao|ona|oes)',
    ],
    'CDC arts. 42 e 71',
  ),

  // --- insults ----------------------------------------------------------------------------------------
  rule('insult', 'ofensa: rótulos depreciativos expõem o consumidor ao ridículo (CDC art. 42)', [
    'caloteir[oa]s?',
    '(?:deu|dar|dando|deram|dara|darem) (?:um |o )?calote',
    'vagabund[oa]s?',
    '(?:mau|maus) pagador(?:es)?|(?:ma|mas) pagador(?:a|as)',
    'safad[oa]s?',
    'sem[ -]?vergonhas?',
    'pilantras?',
    'picaret[ao]s?',
    'vigarist[ao]s?',
    'trambiqueir[oa]s?',
    'canalhas?',
    'malandr[oa]s?',
    'desonest[oa]s?',
    'irresponsave(?:l|is)',
    'otari[oa]s?',
    'idiotas?',
    'ladr(?:ao|oes|ona|onas)',
    'velhac[oa]s?',
    'folgad[oa]s?',
    'parasitas?',
    'aproveitador(?:a|es|as)?',
    'bandid[oa]s?',
    'devedor(?:a)? (?:contumaz|profissional|safad[oa])',
  ]),
];

/** Categories where a preceding negation ("não", "nunca", "jamais") cancels a match. */
const NEGATABLE: ReadonlySet<ToneCategory> = new Set(['threat', 'coercion', 'exposure', 'false_claim']);

const NEGATORS = new Set(['nao', 'nunca', 'jamais', 'nem', 'ninguem', 'nenhum', 'nenhuma', 'sem']);

/** A negation right after these words is a condition, not a denial: "se não pagar, será preso". */
const CONDITIONALS = new Set(['se', 'caso', 'quem', 'senao']);

/**
 * Function words that may stand between a negation and the phrase it denies ("não vamos te", "nunca
 * iremos", "em nenhuma hipótese vamos"). Any other word (e.g. "pagar") ends the search, so "não pagou e
 * será preso" is still a threat.
 */
const BRIDGE = new Set(
  (
    'vamos iremos vou vai vao ira irao sera serao seria seriam e eh esta estara estao pode podera podem poderao ' +
    'poderia poderiamos podemos deve devera devem precisa precisara precisamos queremos pretendemos fazemos ' +
    'faremos costumamos voce vc o a os as te lhe lhes nos se seu sua seus suas mais ha tem existe existira ' +
    'havera tera risco de do da para pra que ser estar ficar fica ficara qualquer foi somos sao isso em ' +
    'hipotese momento algum alguma permitimos aceitamos usamos usaremos fazer vai ninguem ele ela eles elas ' +
    'senhor senhora jeito forma nunca jamais nem enviamos mandamos emitimos deixamos'
  ).split(' '),
);

function isNegated(folded: string, start: number): boolean {
  const before = folded.slice(Math.max(0, start - 160), start);
  const clause = before.split(/[.!?;:,()\n\u2014\u2013]/u).pop() ?? '';
  const words = clause
    .split(/\s+/u)
    .map((w) => w.replace(/[^\p{L}\p{N}-]/gu, ''))
    .filter(Boolean);
  for (let i = words.length - 1, seen = 0; i >= 0 && seen < 7; i -= 1, seen += 1) {
    const w = words[i]!;
    if (NEGATORS.has(w)) return !CONDITIONALS.has(words[i - 1] ?? '');
    if (!BRIDGE.has(w)) return false;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Folding with a map back to the original offsets

interface Folded {
  text: string;
  /** For each UTF-16 unit of `text`: where its source character starts and ends in the input. */
  start: number[];
  end: number[];
}

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/gu;
const COMBINING = /\p{M}/u;

function fold(input: string): Folded {
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = String.fromCodePoint(input.codePointAt(i)!);
    const folded = ch
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(INVISIBLE, '')
      .replace(/[\u2018\u2019\u02BC]/gu, "'")
      .replace(/[\u201C\u201D]/gu, '"')
      .toLowerCase();
    for (let k = 0; k < folded.length; k += 1) {
      text += folded[k];
      start.push(i);
      end.push(i + ch.length);
    }
    i += ch.length;
  }
  return { text, start, end };
}

function originalSpan(input: string, f: Folded, from: number, to: number): [number, number] {
  const s = f.start[from]!;
  let e = f.end[to - 1]!;
  // Keep combining accents that follow the last matched letter (decomposed input).
  while (e < input.length && COMBINING.test(input[e]!)) e += 1;
  return [s, e];
}

// ---------------------------------------------------------------------------------------------------
// Shouting: capitals and repeated exclamation marks used for pressure

const URGENCY_WORDS = new Set([
  'hoje',
  'agora',
  'ja',
  'ultimo',
  'ultima',
  'urgente',
  'urgentissimo',
  'urgencia',
  'imediatamente',
  'pague',
  'aviso',
  'chance',
  'prazo',
  'final',
]);
const STRONG_URGENCY = new Set([
  'urgente',
  'urgentissimo',
  'urgencia',
  'imediatamente',
  'ultimo',
  'ultima',
  'pague',
]);

const CAPS_RUN =
  /(?<![\p{L}\p{N}])\p{Lu}[\p{Lu}\p{M}]*(?:[\s,.:;!?'"-]+\p{Lu}[\p{Lu}\p{M}]*)*(?![\p{L}\p{N}])/gu;

const EXCLAMATIONS = compile(
  String.raw`(?:pague|pagar|quite|regularize|hoje|agora|ja|urgente|ultim[oa]|imediatamente|prazo)[^.?\n!]{0,60}?!{2,}`,
);

const LAST_DAY = compile('(?:hoje e o )?ultimo dia|prazo final');

interface Hit {
  start: number;
  end: number;
  category: ToneCategory;
  reason: string;
  legalBasis: string;
}

function shoutingHits(input: string, folded: Folded): Hit[] {
  const hits: Hit[] = [];
  const reason =
    'urgência abusiva: letras maiúsculas ou exclamações repetidas como grito de pressão constrangem o consumidor (CDC art. 42)';
  for (const m of input.matchAll(CAPS_RUN)) {
    const tokens = m[0]
      .split(/[^\p{L}\p{M}]+/u)
      .filter(Boolean)
      .map((t) => t.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
    if (!tokens.some((t) => URGENCY_WORDS.has(t))) continue;
    const strong = tokens.some((t) => STRONG_URGENCY.has(t));
    if (tokens.length >= 3 || strong) {
      hits.push({
        start: m.index,
        end: m.index + m[0].length,
        category: 'urgency',
        reason,
        legalBasis: 'CDC art. 42',
      });
    }
  }
  EXCLAMATIONS.lastIndex = 0;
  for (const m of folded.text.matchAll(EXCLAMATIONS)) {
    const [s, e] = originalSpan(input, folded, m.index, m.index + m[0].length);
    hits.push({ start: s, end: e, category: 'urgency', reason, legalBasis: 'CDC art. 42' });
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------------

/**
 * Checks a message for threats, coercion, exposure, false legal claims, abusive urgency and insults.
 * `ok` is true when there is no finding. Findings come in the order they appear in the text; a match
 * wholly inside a longer one is reported once, by the longer, and overlapping or adjacent matches of one
 * category are joined into one phrase.
 */
export function checkTone(text: string): { ok: boolean; findings: ToneFinding[] } {
  const folded = fold(text);
  const hits: Hit[] = [];
  for (const r of RULES) {
    const legalBasis = r.legalBasis ?? TONE_CATEGORIES[r.category].legalBasis;
    for (const re of r.patterns) {
      re.lastIndex = 0;
      for (let m = re.exec(folded.text); m; m = re.exec(folded.text)) {
        if (m[0].length === 0) {
          re.lastIndex += 1;
          continue;
        }
        if (NEGATABLE.has(r.category) && isNegated(folded.text, m.index)) {
          re.lastIndex = m.index + 1;
          continue;
        }
        const [s, e] = originalSpan(text, folded, m.index, m.index + m[0].length);
        hits.push({ start: s, end: e, category: r.category, reason: r.reason, legalBasis });
      }
    }
  }
  hits.push(...shoutingHits(text, folded));

  // "Hoje é o último dia" is a fact on its own; next to a threat it is part of the pressure.
  if (hits.some((h) => h.category === 'threat' || h.category === 'coercion')) {
    LAST_DAY.lastIndex = 0;
    for (const m of folded.text.matchAll(LAST_DAY)) {
      const [s, e] = originalSpan(text, folded, m.index, m.index + m[0].length);
      hits.push({
        start: s,
        end: e,
        category: 'urgency',
        reason: 'urgência abusiva: prazo final usado junto de ameaça para pressionar (CDC art. 42)',
        legalBasis: 'CDC art. 42',
      });
    }
  }

  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Hit[] = [];
  for (const h of hits) {
    if (kept.some((k) => k.start <= h.start && h.end <= k.end)) continue;
    // Overlapping or adjacent matches of one kind are one phrase: "oficial de justiça vai" + "vai bater
    // na sua porta", "última chance antes de" + "medidas drásticas".
    const joined = kept.find(
      (k) => k.category === h.category && (h.start < k.end || text.slice(k.end, h.start).trim() === ''),
    );
    if (joined) joined.end = Math.max(joined.end, h.end);
    else kept.push({ ...h });
  }
  const findings = kept.map((h) => ({
    phrase: text.slice(h.start, h.end),
    reason: h.reason,
    legalBasis: h.legalBasis,
    category: h.category,
  }));
  return { ok: findings.length === 0, findings };
}
