import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * Calls to servers a tenant names (today: the PSP's API Pix base URL) must never reach the machine
 * itself, the private network around it or the cloud's metadata service (SSRF): the server would send
 * the PSP's client id and secret there, and read back whatever answers.
 *
 * Two checks, the same rule:
 * - when the URL is saved: its shape (https, no credentials, query or fragment) and the addresses its
 *   name resolves to now;
 * - at every connection: the socket connects only to an address the same rule accepts, resolved by
 *   the lookup that checks it — a name that resolved to a public address when saved and to 127.0.0.1
 *   later (DNS rebinding) is refused there.
 *
 * Development allows loopback (the PSP simulator on 127.0.0.1, over http); nothing else differs.
 */

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'unspecified'
  | 'metadata'
  | 'multicast'
  | 'reserved';

const RANGES: [AddressClass, string, number, 'ipv4' | 'ipv6'][] = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  // 169.254.169.254 (AWS, GCP, Azure metadata) is inside; classified first as 'metadata' below.
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  // RFC 6598 shared address space (carrier-grade NAT).
  ['cgnat', '100.64.0.0', 10, 'ipv4'],
  // IETF protocol assignments (192.0.0.0/24), benchmarking (198.18/15), documentation, 240/4.
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['reserved', '192.0.2.0', 24, 'ipv4'],
  ['reserved', '198.18.0.0', 15, 'ipv4'],
  ['reserved', '198.51.100.0', 24, 'ipv4'],
  ['reserved', '203.0.113.0', 24, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['private', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
  ['reserved', '2001:db8::', 32, 'ipv6'],
];
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);

const lists = new Map<AddressClass, BlockList>();
for (const [cls, net, prefix, family] of RANGES) {
  if (!lists.has(cls)) lists.set(cls, new BlockList());
  lists.get(cls)!.addSubnet(net, prefix, family);
}

/** What kind of address this is; IPv4-mapped and NAT64/6to4-embedded IPv4 are judged as IPv4. */
export function classifyAddress(address: string): AddressClass {
  const raw = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(raw);
  if (family === 0) return 'reserved';
  if (family === 6) {
    const embedded = embeddedIpv4(raw);
    if (embedded) return classifyAddress(embedded);
  }
  if (METADATA.has(raw.toLowerCase())) return 'metadata';
  for (const [cls, list] of lists) {
    if (list.check(raw, family === 4 ? 'ipv4' : 'ipv6')) return cls;
  }
  return 'public';
}

/** ::ffff:a.b.c.d, ::ffff:xxxx:xxxx, 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) carry an IPv4 inside. */
function embeddedIpv4(ipv6: string): string | null {
  const lower = ipv6.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const groups = expandIpv6(lower);
  if (!groups) return null;
  const toV4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zeros(0, 5) && groups[5] === 0xffff) return toV4(groups[6]!, groups[7]!);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return toV4(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return toV4(groups[1]!, groups[2]!);
  return null;
}

function expandIpv6(ipv6: string): number[] | null {
  if (ipv6.includes('.')) return null;
  const [head, tail] = ipv6.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const all = [...h, ...Array(fill).fill('0'), ...t];
  return all.length === 8 ? all.map((g) => Number.parseInt(g || '0', 16)) : null;
}

export interface OutboundPolicy {
  /** Development: the PSP simulator on 127.0.0.1 / ::1 (and plain http to it). */
  allowLoopback: boolean;
}

export function policyFor(production: boolean): OutboundPolicy {
  return { allowLoopback: !production };
}

export function isAllowedAddress(address: string, policy: OutboundPolicy): boolean {
  const cls = classifyAddress(address);
  return cls === 'public' || (cls === 'loopback' && policy.allowLoopback);
}

const CLASS_PT: Record<AddressClass, string> = {
  public: 'pública',
  loopback: 'a própria máquina (loopback)',
  private: 'rede privada',
  'link-local': 'link-local',
  cgnat: 'rede compartilhada de operadora (CGNAT)',
  unspecified: 'não especificado',
  metadata: 'serviço de metadados da nuvem',
  multicast: 'multicast',
  reserved: 'reservado',
};

/** Resolves a host name to its addresses (stubbed in tests: no test resolves a real name). */
export type HostResolver = (hostname: string) => Promise<string[]>;

export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(addresses.map((a) => a.address));
    });
  });

/**
 * The shape of a URL the server may call: http(s), https unless it points at loopback in
 * development, no user or password (credentials travel in headers, never in a URL that gets logged),
 * no query or fragment. Returns the pt-BR reason, or null when the shape is fine.
 */
export function urlShapeProblem(raw: string, policy: OutboundPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'URL inválida (ex.: https://api.psp.com.br).';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'use https://.';
  if (url.username || url.password)
    return 'sem usuário ou senha na URL (as credenciais vão nos campos próprios).';
  if (url.search || raw.includes('?')) return 'sem parâmetros de consulta (?...) na URL.';
  if (url.hash || raw.includes('#')) return 'sem fragmento (#...) na URL.';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host) !== 0;
  const loopbackName = host === 'localhost' || host.endsWith('.localhost');
  const loopback = loopbackName || (literal && classifyAddress(host) === 'loopback');
  if (url.protocol === 'http:' && !(loopback && policy.allowLoopback))
    return 'use https:// (http só para o simulador local em desenvolvimento).';
  if (literal && !isAllowedAddress(host, policy))
    return `endereço não permitido: ${CLASS_PT[classifyAddress(host)]}.`;
  if (loopbackName && !policy.allowLoopback) return `endereço não permitido: ${CLASS_PT.loopback}.`;
  return null;
}

/** Shape and, for names, every address they resolve to now. Null when the URL may be called. */
export async function outboundUrlProblem(
  raw: string,
  policy: OutboundPolicy,
  resolver: HostResolver,
): Promise<string | null> {
  const shape = urlShapeProblem(raw, policy);
  if (shape) return shape;
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return null;
  let addresses: string[];
  try {
    addresses = await resolver(host);
  } catch {
    return `o nome "${host}" não foi encontrado no DNS.`;
  }
  if (addresses.length === 0) return `o nome "${host}" não foi encontrado no DNS.`;
  const refused = addresses.find((a) => !isAllowedAddress(a, policy));
  return refused
    ? `"${host}" aponta para um endereço não permitido (${refused}: ${CLASS_PT[classifyAddress(refused)]}).`
    : null;
}

export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefused';
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | { address: string; family: number }[],
  family?: number,
) => void;

/**
 * A `lookup` for sockets: resolves with `resolver`, refuses the connection when ANY address is not
 * allowed (one name, one verdict — a resolver that mixes a public and a private answer is refused),
 * and connects to the address it checked. This is the check at connect time.
 */
export function guardedLookup(policy: OutboundPolicy, resolver: HostResolver) {
  return (hostname: string, options: { all?: boolean } | number | undefined, callback: LookupCallback) => {
    const all = typeof options === 'object' && options?.all === true;
    const host = hostname.replace(/^\[|\]$/g, '');
    const resolved = isIP(host) !== 0 ? Promise.resolve([host]) : resolver(host);
    resolved.then(
      (addresses) => {
        const refused = addresses.find((a) => !isAllowedAddress(a, policy));
        if (addresses.length === 0 || refused) {
          const error = new OutboundRefused(
            refused
              ? `conexão recusada: "${host}" aponta para ${refused} (${CLASS_PT[classifyAddress(refused)]}).`
              : `"${host}" não foi encontrado no DNS.`,
          ) as NodeJS.ErrnoException;
          error.code = 'EREFUSEDADDRESS';
          callback(error, all ? [] : '', 0);
          return;
        }
        const list = addresses.map((address) => ({ address, family: isIP(address) }));
        if (all) callback(null, list);
        else callback(null, list[0]!.address, list[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, all ? [] : '', 0),
    );
  };
}

/**
 * A `fetch` for calls to tenant-named servers: every connection goes through `guardedLookup` (also
 * for a literal IP in the URL), redirects are not followed (a 3xx to http://169.254.169.254 would be
 * SSRF by another door), and the caller's `signal` bounds the whole exchange (time-outs).
 * Supports what API clients use: method, headers, a string body, status, headers and text of the answer.
 */
export function guardedFetch(policy: OutboundPolicy, resolver: HostResolver = systemResolver): typeof fetch {
  const lookup = guardedLookup(policy, resolver);
  return ((input: string | URL | Request, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      const shape = urlShapeProblem(url.origin + url.pathname, policy);
      if (shape) {
        reject(new OutboundRefused(`chamada recusada: ${shape}`));
        return;
      }
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, key) => {
        headers[key] = value;
      });
      const body = init.body === undefined || init.body === null ? undefined : String(init.body);
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(
        url,
        {
          method: init.method ?? 'GET',
          headers,
          lookup: lookup as never,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('error', reject);
          response.on('end', () => {
            const out = new Headers();
            for (const [k, v] of Object.entries(response.headers)) {
              if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : v);
            }
            const status = response.statusCode ?? 502;
            const noBody = status === 204 || status === 304 || init.method === 'HEAD';
            resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, headers: out }));
          });
        },
      );
      request.on('error', (error) => {
        // An aborted signal surfaces as the signal's reason (TimeoutError for AbortSignal.timeout).
        reject(init.signal?.aborted ? (init.signal.reason ?? error) : error);
      });
      if (body !== undefined) request.write(body);
      request.end();
    })) as typeof fetch;
}
