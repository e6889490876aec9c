import type { Kysely } from 'kysely';
import type { Schema } from './db-schema.ts';
import {
  type AgencyProfileInput,
  DEFAULT_AGENCY_NAME,
  getAgencyProfile,
  putAgencyProfile,
  validateAgencyProfile,
} from './modules/agency/index.ts';
import type { Principal } from './modules/identity/index.ts';

/** One question to the person at the terminal; '' when they just press Enter. */
export type Ask = (question: string) => Promise<string>;

const FIELDS: { key: keyof AgencyProfileInput; question: string; optional?: boolean }[] = [
  { key: 'legalName', question: 'Razão social' },
  { key: 'tradeName', question: 'Nome fantasia (o nome que o devedor vê nas mensagens)' },
  { key: 'document', question: 'CNPJ' },
  { key: 'address', question: 'Endereço completo (rua, número, bairro, cidade/UF, CEP)' },
  { key: 'phone', question: 'Telefone de atendimento' },
  { key: 'email', question: 'E-mail de atendimento' },
  { key: 'whatsapp', question: 'WhatsApp (opcional)', optional: true },
  { key: 'website', question: 'Site (opcional)', optional: true },
];

const HOW_TO =
  '  Configure com PUT /api/v1/settings/agency (token de admin), campos legalName, tradeName, document (CNPJ),\n' +
  '  address, phone, email, whatsapp?, website? — até lá as mensagens e documentos dizem\n' +
  `  "${DEFAULT_AGENCY_NAME}".\n`;

/**
 * The agency's profile on a new database (`npm start`): the name every debtor sees and the CNPJ and
 * address every document prints (CDC art. 42-A). Asked once, at the terminal, when there is one
 * (`ask`); otherwise — and whenever it is still the default — the banner says how to set it.
 * Returns whether the profile is configured afterwards.
 */
export async function agencyOnStart(
  db: Kysely<Schema>,
  principal: Principal,
  options: { firstRun: boolean; ask: Ask | null; write: (s: string) => void },
): Promise<boolean> {
  if ((await getAgencyProfile(db, principal.tenantId)).configured) return true;
  if (!options.firstRun || !options.ask) {
    options.write(
      '\nPerfil da assessoria ainda não configurado: é o nome que o devedor vê e o CNPJ e o endereço dos documentos (CDC art. 42-A).\n' +
        HOW_TO,
    );
    return false;
  }
  options.write(
    '\nDados da assessoria (aparecem em toda mensagem e documento ao devedor — CDC art. 42-A).\n' +
      'Deixe a razão social em branco para configurar depois.\n',
  );
  for (let attempt = 0; attempt < 3; attempt++) {
    const input: Record<string, string> = {};
    for (const f of FIELDS) {
      const answer = (await options.ask(`  ${f.question}: `)).trim();
      if (f.key === 'legalName' && answer === '') {
        options.write(`Sem problema.\n${HOW_TO}`);
        return false;
      }
      if (answer !== '' || !f.optional) input[f.key] = answer;
    }
    const result = validateAgencyProfile(input as unknown as AgencyProfileInput);
    if (result.ok) {
      await putAgencyProfile(db, principal, input as unknown as AgencyProfileInput);
      options.write(`Perfil da assessoria gravado: ${result.value.tradeName}.\n`);
      return true;
    }
    options.write('Alguns dados não estão certos:\n');
    for (const e of result.errors) options.write(`  ${e.field}: ${e.message}\n`);
    options.write('Vamos de novo.\n');
  }
  options.write(HOW_TO);
  return false;
}
