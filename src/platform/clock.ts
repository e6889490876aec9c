import type { IsoDate } from './dates.ts';

/** Time is injected so rules and tests never depend on the wall clock. */
export interface Clock {
  now(): Date;
  /** Today's calendar date in São Paulo (the product's reference zone). */
  today(): IsoDate;
}

const SAO_PAULO_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Sao_Paulo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function isoDateInSaoPaulo(instant: Date): IsoDate {
  return SAO_PAULO_DATE.format(instant);
}

/** The first instant of a São Paulo calendar day (UTC−3: Brazil has had no DST since 2019). */
export function saoPauloMidnight(date: IsoDate): Date {
  return new Date(`${date}T00:00:00-03:00`);
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => isoDateInSaoPaulo(new Date()),
};

export function fixedClock(instant: string | Date): Clock {
  const at = new Date(instant);
  return { now: () => new Date(at), today: () => isoDateInSaoPaulo(at) };
}
