import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from './errors.ts';

/**
 * The embedded database is one process's at a time: two PGlite instances on one folder would
 * corrupt it. A lock file (created atomically) names the holder; a stale one (dead pid) is taken over.
 */
export interface DataDirLock {
  release(): void;
}

interface Holder {
  pid: number;
  command: string;
  url?: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dataDir: string, command: string): DataDirLock & { setUrl(url: string): void } {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'trato.lock');
  const holder: Holder = { pid: process.pid, command, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(holder));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(path);
        } catch {}
        process.off('exit', release);
      };
      process.on('exit', release);
      return {
        release,
        setUrl(url: string) {
          holder.url = url;
          try {
            const fd2 = openSync(path, 'w');
            writeSync(fd2, JSON.stringify(holder));
            closeSync(fd2);
          } catch {}
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let other: Holder | null = null;
      try {
        other = JSON.parse(readFileSync(path, 'utf8')) as Holder;
      } catch {}
      if (other && other.pid !== process.pid && isAlive(other.pid)) {
        const where = other.url ? ` em ${other.url}` : '';
        throw new AppError(
          'DATA_DIR_IN_USE',
          `O banco embutido em ${dataDir} está em uso pelo processo ${other.pid} ("trato ${other.command}"${where}). ` +
            'O banco embutido aceita um processo por vez: use a API do servidor em execução, pare-o antes de rodar este ' +
            'comando, ou use PostgreSQL (DATABASE_URL) para vários processos.',
        );
      }
      try {
        unlinkSync(path); // stale: its process is gone
      } catch {}
    }
  }
  throw new AppError('DATA_DIR_IN_USE', `Não foi possível travar ${dataDir} (arquivo trato.lock).`);
}
