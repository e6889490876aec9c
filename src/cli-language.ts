import { type Command, Help } from 'commander';

/**
 * The command-line parser's own words in pt-BR: help headings, the help option and command, the notes
 * after an option ("valores", "padrão") and the usage errors (a missing option, an unknown command…).
 * They reach a person like any other CLI output. Set on the program before its commands are declared:
 * commands inherit the help option, the help configuration and the output configuration.
 */
const TITLES: Record<string, string> = {
  'Usage:': 'Uso:',
  'Options:': 'Opções:',
  'Commands:': 'Comandos:',
  'Arguments:': 'Argumentos:',
  'Global Options:': 'Opções globais:',
};

/** Commander's notes after a description: "(choices: …, default: …)". */
function notesInPortuguese(description: string): string {
  return description
    .replace(/([(,] ?)choices: /g, '$1valores: ')
    .replace(/([(,] ?)default: /g, '$1padrão: ')
    .replace(/([(,] ?)preset: /g, '$1sem valor: ')
    .replace(/([(,] ?)env: /g, '$1variável: ');
}

const ERRORS: [RegExp, string][] = [
  [/^error: required option '(.+?)' not specified/, 'erro: falta a opção obrigatória $1'],
  [/^error: missing required argument '(.+?)'/, 'erro: falta o argumento obrigatório <$1>'],
  [/^error: option '(.+?)' argument missing/, 'erro: a opção $1 precisa de um valor'],
  [
    /^error: option '(.+?)' argument '(.*?)' is invalid\. Allowed choices are (.+)\./,
    "erro: valor '$2' inválido para $1; use um destes: $3.",
  ],
  [/^error: option '(.+?)' argument '(.*?)' is invalid\.\s*/, "erro: valor '$2' inválido para $1: "],
  [/^error: unknown option '(.+?)'/, "erro: opção desconhecida '$1'"],
  [/^error: unknown command '(.+?)'/, "erro: comando desconhecido '$1'"],
  [
    /^error: too many arguments(?: for '(.+?)')?\. Expected (\d+) arguments? but got (\d+)\./,
    'erro: argumentos demais (esperados $2, recebidos $3).',
  ],
  [/^error: (.+?) cannot be used with (.+)/, 'erro: $1 não pode ser usada com $2'],
  [/\(Did you mean one of (.+?)\?\)/, '(Você quis dizer um destes: $1?)'],
  [/\(Did you mean (.+?)\?\)/, '(Você quis dizer $1?)'],
  [/^error: /, 'erro: '],
];

export function usageErrorInPortuguese(message: string): string {
  return message
    .split('\n')
    .map((line) => ERRORS.reduce((text, [pattern, pt]) => text.replace(pattern, pt), line))
    .join('\n');
}

export function speakPortuguese(program: Command): Command {
  return program
    .helpOption('-h, --help', 'mostra a ajuda deste comando')
    .helpCommand('help [comando]', 'mostra a ajuda de um comando')
    .configureHelp({
      styleTitle: (title: string) => TITLES[title] ?? title,
      styleOptionText: (text: string) => (text === '[options]' ? '[opções]' : text),
      styleSubcommandText: (text: string) => (text === '[command]' ? '[comando]' : text),
      optionDescription(this: Help, option) {
        return notesInPortuguese(Help.prototype.optionDescription.call(this, option));
      },
      argumentDescription(this: Help, argument) {
        return notesInPortuguese(Help.prototype.argumentDescription.call(this, argument));
      },
    })
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (message, write) => write(usageErrorInPortuguese(message)),
    });
}
