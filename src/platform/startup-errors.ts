/**
 * Start-up failures a person can fix (the database is not there, the port is taken) as ONE pt-BR line
 * that says what happened and what to do — instead of a stack trace. Anything else is a bug and keeps
 * its stack.
 */

interface SystemErrorLike {
  code?: unknown;
  syscall?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
  message?: unknown;
  errors?: unknown;
}

/** Where DATABASE_URL points, without the password (never printed). */
function serverOf(databaseUrl: string | undefined): string {
  if (!databaseUrl) return 'o servidor PostgreSQL';
  try {
    const u = new URL(databaseUrl);
    return `${u.hostname}:${u.port || '5432'}`;
  } catch {
    return 'o servidor de DATABASE_URL';
  }
}

function databaseNameOf(databaseUrl: string | undefined): string | null {
  if (!databaseUrl) return null;
  try {
    return decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, '')) || null;
  } catch {
    return null;
  }
}

export function startupProblem(
  error: unknown,
  context: { databaseUrl?: string | undefined; port?: number | undefined },
): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as SystemErrorLike;
  // Node reports a refused connection to a name with several addresses (localhost) as an AggregateError.
  const code =
    typeof e.code === 'string'
      ? e.code
      : Array.isArray(e.errors) && typeof (e.errors[0] as SystemErrorLike)?.code === 'string'
        ? ((e.errors[0] as SystemErrorLike).code as string)
        : null;
  const message = typeof e.message === 'string' ? e.message : '';
  const server = serverOf(context.databaseUrl);
  if (e.syscall === 'listen' || code === 'EADDRINUSE') {
    const port = typeof e.port === 'number' ? e.port : context.port;
    if (code === 'EADDRINUSE') {
      return `A porta ${port} já está em uso por outro programa. Pare esse programa ou escolha outra porta com --port (ou PORT=...).`;
    }
    if (code === 'EACCES') {
      return `Sem permissão para usar a porta ${port}. Use uma porta acima de 1023 com --port (ou PORT=...).`;
    }
    if (code === 'EADDRNOTAVAIL') {
      return `O endereço ${String(e.address ?? '')} não existe nesta máquina. Corrija --host (ou HOST=...).`;
    }
  }
  switch (code) {
    case 'ECONNREFUSED':
      return `Não foi possível conectar ao PostgreSQL em ${server} (DATABASE_URL): a conexão foi recusada. Verifique se o servidor está no ar e se o endereço e a porta estão certos, ou remova DATABASE_URL para usar o banco embutido.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `O servidor "${String(e.hostname ?? server)}" de DATABASE_URL não foi encontrado. Corrija o endereço em DATABASE_URL.`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `O PostgreSQL em ${server} (DATABASE_URL) não respondeu. Verifique a rede e o endereço em DATABASE_URL.`;
    case '3D000': {
      const name =
        /database "([^"]+)" does not exist/.exec(message)?.[1] ?? databaseNameOf(context.databaseUrl);
      return `O banco "${name ?? '?'}" não existe em ${server}. Crie-o (createdb ${name ?? 'NOME'}) ou corrija o nome no fim de DATABASE_URL.`;
    }
    case '28P01':
    case '28000':
      return `O PostgreSQL em ${server} recusou o acesso: confira o usuário e a senha em DATABASE_URL (e o pg_hba.conf do servidor).`;
  }
  if (e.code === 'ERR_INVALID_URL' || /invalid url/i.test(message)) {
    if (context.databaseUrl)
      return 'DATABASE_URL não é um endereço válido: use postgres://usuario:senha@host:5432/banco.';
  }
  return null;
}
