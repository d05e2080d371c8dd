/**
 * Where the tfjs trainer may read `model`, `dataset` and `validation` from: a path on the agent's
 * machine or an http(s) URL, never a link-local or cloud metadata address (a sweep author must
 * not get an agent to fetch its cloud credentials) and never a `file://` URL (a path says the
 * same, and agents restrict paths with `--data-root`). The sweep-config parser refuses what it
 * can see in the text; the agent checks again, and checks each address a hostname resolves to,
 * redirects included. Pure, like the rest of this folder.
 */

/** Hostnames of metadata servers, refused whatever they resolve to. */
export const REFUSED_HOSTNAMES: readonly string[] = ['metadata.google.internal'];
/** AWS, GCP, Azure, OCI (169.254.169.254), Alibaba Cloud, AWS over IPv6. */
const METADATA_IPV4 = ['169.254.169.254', '100.100.100.200'];
const METADATA_IPV6 = [[0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254]];

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** `http://…` or `https://…`: fetched by the trainer rather than read from disk. */
export function isHttpSource(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

function ipv4Bytes(text: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (m === null) return null;
  const bytes = m.slice(1).map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

/** The eight 16-bit groups of an IPv6 address (brackets and zone allowed), or null. */
function ipv6Groups(text: string): number[] | null {
  let s = text.toLowerCase();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(':')) return null;
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = ipv4Bytes(last);
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').map((h) => (/^[0-9a-f]{1,4}$/.test(h) ? parseInt(h, 16) : NaN)));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if ([...head, ...tail].some(Number.isNaN)) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const fill = 8 - head.length - tail.length;
  return fill >= 1 ? [...head, ...new Array<number>(fill).fill(0), ...tail] : null;
}

function ipv4Reason(b: number[]): string | null {
  if (METADATA_IPV4.includes(b.join('.'))) return 'a cloud metadata address';
  if (b[0] === 169 && b[1] === 254) return 'a link-local address (169.254.0.0/16)';
  return null;
}

function ipv6Reason(g: number[]): string | null {
  if (METADATA_IPV6.some((m) => m.every((x, i) => x === g[i]))) return 'a cloud metadata address';
  if ((g[0]! & 0xffc0) === 0xfe80) return 'a link-local address (fe80::/10)';
  // IPv4 inside IPv6 reaches the IPv4 host: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d).
  const zeros = (from: number, to: number): boolean => g.slice(from, to).every((x) => x === 0);
  const embedsV4 = (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) || (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6));
  if (!embedsV4) return null;
  return ipv4Reason([g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff]);
}

/** Why an IP address must not be fetched from ("a link-local address (…)"), or null; null too for a non-address. */
export function refusedAddressReason(address: string): string | null {
  const v4 = ipv4Bytes(address);
  if (v4 !== null) return ipv4Reason(v4);
  const v6 = ipv6Groups(address);
  return v6 === null ? null : ipv6Reason(v6);
}

/** Why a URL's hostname (a name or an address literal, as `URL.hostname` gives it) is refused, or null. */
export function refusedHostReason(hostname: string): string | null {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (REFUSED_HOSTNAMES.includes(name)) return 'a cloud metadata server';
  return refusedAddressReason(name);
}

/** What is wrong with a URL the trainer was asked to fetch (a redirect target too), or null. */
export function refusedUrlProblem(url: URL): string | null {
  if (url.protocol === 'file:') return 'file:// URLs are refused: give a path on the agent\'s machine instead';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${url.protocol}// URLs are not supported: use http(s) or a path on the agent's machine`;
  const why = refusedHostReason(url.hostname);
  return why === null ? null : `${url.hostname} is ${why}; the tfjs trainer does not fetch from link-local or cloud metadata addresses`;
}

/**
 * What is wrong with a `model`, `dataset` or `validation` value as the config gives it, or null:
 * the checks that need no network (the agent also resolves hostnames).
 */
export function tfjsSourceProblem(value: string): string | null {
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase() ?? (/^file:/i.test(value) ? 'file' : undefined);
  if (scheme === undefined) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${JSON.stringify(value)} is not a valid URL`;
  }
  const problem = refusedUrlProblem(url);
  return problem === null ? null : `${value}: ${problem}`;
}
