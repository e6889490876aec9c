import { barcodeToLinhaDigitavel, buildBarcode, mod11Remainder } from './boleto.rules.ts';

/**
 * Bank-specific part of a boleto: the 25-digit campo livre and the nosso número (the bank's id of the
 * slip, which comes back in CNAB return files and is how a payment is matched to its boleto).
 *
 * Covered:
 * - Bradesco (237), Bradesco "Boleto de Cobrança – Layout" (campo livre of the Ficha de Compensação):
 *     agency(4) wallet(2) nossoNumero(11) account(7, without DV) '0'
 *   nosso número DV: mod 11 with weights 2..7 over wallet + nosso número (13 digits); remainder 0 -> '0',
 *   remainder 1 -> 'P', otherwise 11 - remainder. Cross-checked with OpenBoleto (Bradesco.php),
 *   boletophp (funcoes_bradesco.php), pyboleto (bradesco.py) and the examples of the Bradesco manual as
 *   quoted in boleto_bancario's specs (19/00000000001-P, 19/00000000002-8).
 * - Banco do Brasil (001), BB "Especificações Técnicas para Confecção de Boleto de Cobrança", Anexo
 *   "Especificações do Código de Barras":
 *   - 7-digit convênio (the current one, carteiras 17/18 etc.):
 *       '000000' convênio(7) complemento(10) carteira(2)
 *     nosso número = convênio + complemento, 17 digits, no DV.
 *   - 6-digit convênio with a 5-digit sequence, and 4-digit convênio with a 7-digit sequence (older
 *     contracts): nossoNumero(11 = convênio + sequence) agency(4) account(8) carteira(2); the nosso
 *     número printed on the slip carries a DV (mod 11, weights 9..2 from the right; 10 -> 'X'), which is
 *     not part of the barcode.
 *   Not covered: the 6-digit convênio with a 17-digit "nosso número livre" (service code 21), and the
 *   8-digit convênio some libraries mention (BB's specification has none).
 */

export type BoletoBankSettings =
  | { bank: '237'; agency: string; account: string; wallet: string }
  | { bank: '001'; agency: string; account: string; wallet: string; convenio: string };

export type SettingsError = { field: string; message: string };
export type SettingsResult = { ok: true; value: BoletoBankSettings } | { ok: false; errors: SettingsError[] };

const BANKS = { '237': 'Bradesco', '001': 'Banco do Brasil' } as const;
/** Campo livre widths: Bradesco's account has 7 digits, BB's (older convênios) 8. */
const ACCOUNT_DIGITS = { '237': 7, '001': 8 } as const;
const BB_CONVENIO_LENGTHS = [4, 6, 7];

function readString(obj: Record<string, unknown>, field: string): string | undefined {
  const v = obj[field];
  return typeof v === 'string' ? v.trim() : undefined;
}

/** `noun` starts the messages ("Agência deve..."); `missing` is the whole message for an absent value. */
function checkDigitsField(
  errors: SettingsError[],
  field: string,
  texts: { noun: string; missing: string },
  value: string | undefined,
  lengthRule: { exactly: number } | { upTo: number },
): void {
  if (value === undefined || value === '') {
    errors.push({ field, message: texts.missing });
    return;
  }
  if (!/^\d+$/.test(value)) {
    errors.push({ field, message: `${texts.noun} deve conter só dígitos; informado "${value}".` });
    return;
  }
  if ('exactly' in lengthRule && value.length !== lengthRule.exactly) {
    errors.push({
      field,
      message: `${texts.noun} deve ter ${lengthRule.exactly} dígitos; informados ${value.length}.`,
    });
  } else if ('upTo' in lengthRule && value.length > lengthRule.upTo) {
    errors.push({
      field,
      message: `${texts.noun} deve ter até ${lengthRule.upTo} dígitos; informados ${value.length}.`,
    });
  }
}

/**
 * Validates boleto settings of a creditor's bank account (from the API or a config file). Digits only,
 * without check digits; account numbers shorter than the layout are zero-padded in the returned value.
 */
export function validateBoletoSettings(input: unknown): SettingsResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: 'bank', message: 'Informe a configuração de boleto do banco.' }] };
  }
  const obj = input as Record<string, unknown>;
  const errors: SettingsError[] = [];
  const bank = readString(obj, 'bank');
  const isKnownBank = bank === '237' || bank === '001';
  if (!isKnownBank) {
    errors.push({
      field: 'bank',
      message: `Banco ${bank === undefined || bank === '' ? 'não informado' : `"${bank}" não suportado`}: use 237 (Bradesco) ou 001 (Banco do Brasil).`,
    });
  }
  const agency = readString(obj, 'agency');
  const account = readString(obj, 'account');
  const wallet = readString(obj, 'wallet');
  checkDigitsField(
    errors,
    'agency',
    { noun: 'Agência', missing: 'Informe a agência (4 dígitos, sem o dígito verificador).' },
    agency,
    { exactly: 4 },
  );
  const accountDigits = isKnownBank ? ACCOUNT_DIGITS[bank] : 8;
  checkDigitsField(
    errors,
    'account',
    { noun: 'Conta', missing: 'Informe a conta (só dígitos, sem o dígito verificador).' },
    account,
    { upTo: accountDigits },
  );
  if (account !== undefined && /^0+$/.test(account)) {
    errors.push({ field: 'account', message: 'Conta inválida: não pode ser zero.' });
  }
  checkDigitsField(
    errors,
    'wallet',
    { noun: 'Carteira', missing: 'Informe a carteira (2 dígitos).' },
    wallet,
    {
      exactly: 2,
    },
  );

  let convenio: string | undefined;
  if (bank === '001') {
    convenio = readString(obj, 'convenio');
    if (convenio === undefined || convenio === '') {
      errors.push({ field: 'convenio', message: 'Informe o convênio do Banco do Brasil (7 dígitos).' });
    } else if (!/^\d+$/.test(convenio)) {
      errors.push({
        field: 'convenio',
        message: `Convênio deve conter só dígitos; informado "${convenio}".`,
      });
    } else if (!BB_CONVENIO_LENGTHS.includes(convenio.length)) {
      errors.push({
        field: 'convenio',
        message: `Convênio deve ter 7 dígitos (ou 6 ou 4, nos convênios antigos); informados ${convenio.length}.`,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const common = {
    agency: agency as string,
    account: (account as string).padStart(accountDigits, '0'),
    wallet: wallet as string,
  };
  return {
    ok: true,
    value: bank === '237' ? { bank, ...common } : { bank: '001', ...common, convenio: convenio as string },
  };
}

// ---------------------------------------------------------------------------------------------
// Nosso número check digits
// ---------------------------------------------------------------------------------------------

/** Bradesco: mod 11, weights 2..7, over wallet(2) + nosso número(11); remainder 1 -> 'P', 0 -> '0'. */
export function bradescoNossoNumeroCheckDigit(wallet: string, nossoNumero: string): string {
  if (!/^\d{2}$/.test(wallet) || !/^\d{11}$/.test(nossoNumero)) {
    throw new RangeError(`Carteira "${wallet}" ou nosso número "${nossoNumero}" inválidos (2 e 11 dígitos).`);
  }
  const remainder = mod11Remainder(wallet + nossoNumero, 7);
  if (remainder === 0) return '0';
  if (remainder === 1) return 'P';
  return String(11 - remainder);
}

/**
 * Banco do Brasil (4- and 6-digit convênios): mod 11 with weights 9..2 from the right, DV = remainder,
 * 'X' for 10. Computed here as 11 - (remainder with weights 2..9), which is the same number.
 */
export function bbNossoNumeroCheckDigit(nossoNumero: string): string {
  if (!/^\d{11}$/.test(nossoNumero))
    throw new RangeError(`Nosso número "${nossoNumero}" inválido (11 dígitos).`);
  const dv = 11 - mod11Remainder(nossoNumero, 9);
  if (dv === 11) return '0';
  if (dv === 10) return 'X';
  return String(dv);
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

export type BankBoletoInput = {
  /** Our nosso número sequence for this account (1, 2, 3, ...); must fit the bank's layout. */
  sequence: number;
  dueDate: string | null;
  amountCents: number;
};

export type BankBoleto = {
  bankCode: '237' | '001';
  barcode: string;
  /** 47 digits, unformatted. */
  linhaDigitavel: string;
  /** As printed on the slip: "09/00000000001-P", "12345670000000001", "12345600001-7". */
  nossoNumero: string;
  /**
   * The nosso número digits without DV, as the CNAB return files carry them: Bradesco 11 digits
   * (its CNAB 400 return adds the DV, which may be 'P', in the next position), BB 17 or 11 digits.
   */
  nossoNumeroDigits: string;
  /** The printed DV of the nosso número; null for BB's 7-digit convênio, which has none. */
  nossoNumeroCheckDigit: string | null;
  campoLivre: string;
  dueDate: string | null;
  amountCents: number;
};

type Layout = {
  campoLivre: string;
  nossoNumero: string;
  nossoNumeroDigits: string;
  checkDigit: string | null;
};

/** Largest sequence each layout has room for. */
export function maxSequence(settings: BoletoBankSettings): number {
  if (settings.bank === '237') return 99_999_999_999;
  switch (settings.convenio.length) {
    case 7:
      return 9_999_999_999;
    case 6:
      return 99_999;
    default:
      return 9_999_999;
  }
}

function layoutFor(settings: BoletoBankSettings, sequence: number): Layout {
  if (settings.bank === '237') {
    const nn = String(sequence).padStart(11, '0');
    const dv = bradescoNossoNumeroCheckDigit(settings.wallet, nn);
    return {
      campoLivre: settings.agency + settings.wallet + nn + settings.account + '0',
      nossoNumero: `${settings.wallet}/${nn}-${dv}`,
      nossoNumeroDigits: nn,
      checkDigit: dv,
    };
  }
  const { convenio } = settings;
  if (convenio.length === 7) {
    const nn = convenio + String(sequence).padStart(10, '0');
    return {
      campoLivre: '000000' + nn + settings.wallet,
      nossoNumero: nn,
      nossoNumeroDigits: nn,
      checkDigit: null,
    };
  }
  const nn = convenio + String(sequence).padStart(11 - convenio.length, '0');
  const dv = bbNossoNumeroCheckDigit(nn);
  return {
    campoLivre: nn + settings.agency + settings.account + settings.wallet,
    nossoNumero: `${nn}-${dv}`,
    nossoNumeroDigits: nn,
    checkDigit: dv,
  };
}

/**
 * Barcode, linha digitável and nosso número of one boleto. Throws RangeError (pt-BR) when the settings
 * are invalid, the sequence does not fit the layout, or the date/amount are out of range.
 */
export function buildBankBoleto(settings: BoletoBankSettings, input: BankBoletoInput): BankBoleto {
  const checked = validateBoletoSettings(settings);
  if (!checked.ok) {
    throw new RangeError(
      `Configuração de boleto inválida: ${checked.errors.map((e) => e.message).join(' ')}`,
    );
  }
  const s = checked.value;
  const max = maxSequence(s);
  if (!Number.isSafeInteger(input.sequence) || input.sequence < 1 || input.sequence > max) {
    throw new RangeError(
      `Sequência do nosso número fora do intervalo: ${input.sequence}; este layout aceita de 1 a ${max}.`,
    );
  }
  const layout = layoutFor(s, input.sequence);
  const barcode = buildBarcode({
    bankCode: s.bank,
    dueDate: input.dueDate,
    amountCents: input.amountCents,
    campoLivre: layout.campoLivre,
  });
  return {
    bankCode: s.bank,
    barcode,
    linhaDigitavel: barcodeToLinhaDigitavel(barcode),
    nossoNumero: layout.nossoNumero,
    nossoNumeroDigits: layout.nossoNumeroDigits,
    nossoNumeroCheckDigit: layout.checkDigit,
    campoLivre: layout.campoLivre,
    dueDate: input.dueDate,
    amountCents: input.amountCents,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

export type CampoLivreFields = {
  bankCode: '237' | '001';
  /** null where the layout has no such field (BB 7-digit convênio: agency and account). */
  agency: string | null;
  account: string | null;
  wallet: string;
  /** Only where the campo livre delimits it (BB 7-digit convênio). */
  convenio: string | null;
  /** Formatted for display, as in `BankBoleto.nossoNumero`. */
  nossoNumero: string;
  nossoNumeroDigits: string;
};

/**
 * The bank fields inside a campo livre, for showing a parsed boleto. Returns null for banks without a
 * layout here, or when the campo livre does not follow the bank's layout (Bradesco's last digit is
 * always 0). For BB the 4- and 6-digit convênio layouts are indistinguishable from the campo livre
 * alone, so `convenio` is null there; the nosso número (convênio + sequence) is the same either way.
 */
export function parseCampoLivre(bankCode: string, campoLivre: string): CampoLivreFields | null {
  if (!/^\d{25}$/.test(campoLivre))
    throw new RangeError(`Campo livre inválido "${campoLivre}": use 25 dígitos.`);
  if (bankCode === '237') {
    if (campoLivre[24] !== '0') return null;
    const wallet = campoLivre.slice(4, 6);
    const nn = campoLivre.slice(6, 17);
    return {
      bankCode,
      agency: campoLivre.slice(0, 4),
      account: campoLivre.slice(17, 24),
      wallet,
      convenio: null,
      nossoNumero: `${wallet}/${nn}-${bradescoNossoNumeroCheckDigit(wallet, nn)}`,
      nossoNumeroDigits: nn,
    };
  }
  if (bankCode === '001') {
    if (campoLivre.startsWith('000000')) {
      const nn = campoLivre.slice(6, 23);
      return {
        bankCode,
        agency: null,
        account: null,
        wallet: campoLivre.slice(23),
        convenio: nn.slice(0, 7),
        nossoNumero: nn,
        nossoNumeroDigits: nn,
      };
    }
    const nn = campoLivre.slice(0, 11);
    return {
      bankCode,
      agency: campoLivre.slice(11, 15),
      account: campoLivre.slice(15, 23),
      wallet: campoLivre.slice(23),
      convenio: null,
      nossoNumero: `${nn}-${bbNossoNumeroCheckDigit(nn)}`,
      nossoNumeroDigits: nn,
    };
  }
  return null;
}

export function bankName(bankCode: string): string | null {
  return bankCode in BANKS ? BANKS[bankCode as keyof typeof BANKS] : null;
}
