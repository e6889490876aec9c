import { describe, expect, it } from 'vitest';
import { startupProblem } from './startup-errors.ts';

const url = 'postgres://trato:segredo@db.interno:6543/cobranca';
const err = (fields: Record<string, unknown>) =>
  Object.assign(new Error(String(fields.message ?? '')), fields);

describe('startupProblem', () => {
  it('names the missing database and how to create it (PostgreSQL 3D000)', () => {
    const line = startupProblem(err({ code: '3D000', message: 'database "cobranca" does not exist' }), {
      databaseUrl: url,
    });
    expect(line).toBe(
      'O banco "cobranca" não existe em db.interno:6543. Crie-o (createdb cobranca) ou corrija o nome no fim de DATABASE_URL.',
    );
  });

  it('refused credentials, and never prints the password', () => {
    const line = startupProblem(err({ code: '28P01' }), { databaseUrl: url });
    expect(line).toMatch(/db\.interno:6543 recusou o acesso/);
    expect(line).not.toContain('segredo');
  });

  it('a refused connection reported as an AggregateError (localhost: IPv4 and IPv6)', () => {
    const aggregate = Object.assign(new AggregateError([err({ code: 'ECONNREFUSED' })], ''), {});
    expect(startupProblem(aggregate, { databaseUrl: url })).toMatch(
      /conectar ao PostgreSQL em db\.interno:6543/,
    );
  });

  it('a taken or forbidden port', () => {
    expect(startupProblem(err({ code: 'EADDRINUSE', syscall: 'listen', port: 3000 }), {})).toMatch(
      /^A porta 3000 já está em uso/,
    );
    expect(startupProblem(err({ code: 'EACCES', syscall: 'listen', port: 80 }), {})).toMatch(
      /^Sem permissão para usar a porta 80/,
    );
  });

  it('anything else is not a start-up problem (it keeps its stack)', () => {
    expect(startupProblem(new TypeError('x is undefined'), { databaseUrl: url })).toBeNull();
    expect(startupProblem('text', {})).toBeNull();
  });
});
