/**
 * When a Pix notification is believable enough to apply by itself. The PSP sends it seconds after the
 * payment (and retries for hours at most), so a `horario` days in the past is a replayed or forged
 * notification, or a PSP clock gone wrong — and one in the future cannot be true. Either way a person
 * looks before money moves in our books: the payment is recorded and held for review, never applied
 * silently nor dropped.
 */
export const PIX_MAX_AGE_MS = 24 * 3_600_000;
export const PIX_MAX_AHEAD_MS = 5 * 60_000;

export function pixTimingProblem(paidAt: Date, now: Date): string | null {
  const delta = now.getTime() - paidAt.getTime();
  if (delta > PIX_MAX_AGE_MS) {
    return 'Pix com horário de mais de 24 horas atrás: retido para revisão (confira com o extrato do PSP).';
  }
  if (-delta > PIX_MAX_AHEAD_MS) {
    return 'Pix com horário no futuro: retido para revisão (confira o relógio do PSP e o extrato).';
  }
  return null;
}
