/**
 * IP address parsing and classification, for refusing to fetch from addresses inside the
 * deployment (loopback, private networks, link-local, cloud metadata services).
 *
 * Addresses that embed an IPv4 address (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`,
 * NAT64 `64:ff9b::a.b.c.d`, 6to4 `2002:AABB:CCDD::`) are classified by the IPv4 address they reach.
 *
 * @example
 * classifyIp('::ffff:127.0.0.1'); // 'loopback'
 * classifyIp('169.254.169.254');  // 'link-local'
 * cidrContains(parseCidr('10.0.0.0/8')!, '10.1.2.3'); // true
 */

export type IpClass = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast' | 'reserved';

export interface ParsedIp {
  version: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: Uint8Array;
}

export function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] ?? '';
    if (!/^\d{1,3}$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes[i] = value;
  }
  return bytes;
}

export function parseIpv6(input: string): Uint8Array | null {
  let text = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (text.length === 0 || !/^[0-9a-fA-F:.]+$/.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string, last: boolean): number[] | null => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] ?? '';
      if (piece.includes('.')) {
        // An embedded IPv4 address may only close the address.
        if (!last || i !== pieces.length - 1) return null;
        const v4 = parseIpv4(piece);
        if (!v4) return null;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
      out.push(parseInt(piece, 16));
    }
    return out;
  };
  const head = groups(halves[0] ?? '', halves.length === 1);
  const tail = halves.length === 2 ? groups(halves[1] ?? '', true) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/** Parses an IPv4 or IPv6 literal (brackets and zone ids allowed); null when it is neither. */
export function parseIp(text: string): ParsedIp | null {
  const v4 = parseIpv4(text);
  if (v4) return { version: 4, bytes: v4 };
  const v6 = parseIpv6(text);
  return v6 ? { version: 6, bytes: v6 } : null;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean => prefix.every((b, i) => bytes[i] === b);
const allZero = (bytes: Uint8Array, from: number, to: number): boolean => bytes.subarray(from, to).every((b) => b === 0);

/** The IPv4 address an IPv6 address reaches or embeds, when it has one. */
export function embeddedIpv4(bytes: Uint8Array): Uint8Array | null {
  if (bytes.length !== 16) return null;
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated; not :: and ::1)
  if (allZero(bytes, 0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12);
  if (allZero(bytes, 0, 12) && !allZero(bytes, 12, 15)) return bytes.slice(12);
  // 64:ff9b::/96 (NAT64 well-known prefix)
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b]) && allZero(bytes, 4, 12)) return bytes.slice(12);
  // 2002::/16 (6to4): the IPv4 address sits in bytes 2..5
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return bytes.slice(2, 6);
  return null;
}

function classifyV4(b: Uint8Array): IpClass {
  const [o1 = 0, o2 = 0, o3 = 0] = [b[0], b[1], b[2]];
  if (o1 === 0) return 'unspecified';
  if (o1 === 10) return 'private';
  if (o1 === 100 && o2 >= 64 && o2 <= 127) return 'private'; // shared address space (carrier-grade NAT)
  if (o1 === 127) return 'loopback';
  if (o1 === 169 && o2 === 254) return 'link-local';
  if (o1 === 172 && o2 >= 16 && o2 <= 31) return 'private';
  if (o1 === 192 && o2 === 168) return 'private';
  if (o1 === 192 && o2 === 0 && (o3 === 0 || o3 === 2)) return 'reserved';
  if (o1 === 198 && (o2 === 18 || o2 === 19)) return 'reserved';
  if ((o1 === 198 && o2 === 51 && o3 === 100) || (o1 === 203 && o2 === 0 && o3 === 113)) return 'reserved';
  if (o1 >= 224 && o1 <= 239) return 'multicast';
  if (o1 >= 240) return 'reserved';
  return 'public';
}

function classifyV6(b: Uint8Array): IpClass {
  if (allZero(b, 0, 16)) return 'unspecified';
  if (allZero(b, 0, 15) && b[15] === 1) return 'loopback';
  const v4 = embeddedIpv4(b);
  if (v4) return classifyV4(v4);
  const first = b[0] ?? 0;
  const second = b[1] ?? 0;
  if (startsWith(b, [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01])) return 'private'; // 64:ff9b:1::/48, local-use NAT64
  if ((first & 0xfe) === 0xfc) return 'private'; // fc00::/7 unique local
  if (first === 0xfe && (second & 0xc0) === 0x80) return 'link-local'; // fe80::/10
  if (first === 0xfe && (second & 0xc0) === 0xc0) return 'private'; // fec0::/10 site-local (deprecated)
  if (first === 0xff) return 'multicast';
  if (startsWith(b, [0x20, 0x01, 0x0d, 0xb8])) return 'reserved'; // documentation
  if (startsWith(b, [0x20, 0x01, 0x00, 0x00])) return 'reserved'; // Teredo: embeds an obscured IPv4 address
  if (startsWith(b, [0x01, 0x00]) && allZero(b, 2, 8)) return 'reserved'; // 100::/64 discard
  if (allZero(b, 0, 10)) return 'reserved'; // the rest of ::/80 is not routable
  return 'public';
}

/** What kind of address `text` is; null when it is not an IP literal. */
export function classifyIp(text: string): IpClass | null {
  const ip = parseIp(text);
  if (!ip) return null;
  return ip.version === 4 ? classifyV4(ip.bytes) : classifyV6(ip.bytes);
}

export interface Cidr {
  version: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

/** `10.0.0.0/8`, `fd00::/8`, or a single address (`127.0.0.1` = `/32`); null when malformed. */
export function parseCidr(text: string): Cidr | null {
  const slash = text.lastIndexOf('/');
  const address = parseIp(slash < 0 ? text.trim() : text.slice(0, slash).trim());
  if (!address) return null;
  const max = address.version === 4 ? 32 : 128;
  const rawPrefix = slash < 0 ? String(max) : text.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(rawPrefix)) return null;
  const prefix = Number(rawPrefix);
  if (prefix > max) return null;
  return { version: address.version, bytes: address.bytes, prefix };
}

function prefixMatches(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  for (let i = 0; i < bits; i += 8) {
    const take = Math.min(8, bits - i);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((a[i / 8] ?? 0) & mask) !== ((b[i / 8] ?? 0) & mask)) return false;
  }
  return true;
}

/** Whether `address` lies in `cidr`; IPv4-mapped IPv6 addresses match IPv4 ranges. */
export function cidrContains(cidr: Cidr, address: string): boolean {
  const ip = parseIp(address);
  if (!ip) return false;
  let bytes = ip.bytes;
  if (ip.version === 6 && cidr.version === 4) {
    const v4 = allZero(bytes, 0, 10) && bytes[10] === 0xff && bytes[11] === 0xff ? bytes.slice(12) : null;
    if (!v4) return false;
    bytes = v4;
  } else if (ip.version !== cidr.version) {
    return false;
  }
  return prefixMatches(bytes, cidr.bytes, cidr.prefix);
}
