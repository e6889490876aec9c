import { formatDatePtBr, type IsoDate } from './dates.ts';
import { AppError } from './errors.ts';

/**
 * A daily run writes irreversible changes (late installments, broken agreements): a date typed by a
 * person (CLI, job payload) may not be after today in São Paulo — a year's typo would break live
 * agreements. Past dates stay allowed (catching up a missed day).
 */
export function refuseFutureRunDate(date: IsoDate, today: IsoDate): void {
  if (date > today)
    throw new AppError(
      'VALIDATION_FAILED',
      `A data ${formatDatePtBr(date)} é depois de hoje (${formatDatePtBr(today)}): uma rotina que grava não roda no futuro. ` +
        'Use --dry-run para ver o que mudaria nessa data sem gravar nada.',
    );
}
