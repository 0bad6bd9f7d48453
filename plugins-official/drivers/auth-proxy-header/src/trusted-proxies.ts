// Which peer addresses may vouch for a user: a CIDR list (`10.0.0.0/8`, `127.0.0.1`, `::1/128`) checked
// with node:net's BlockList. IPv4 addresses seen as IPv4-mapped IPv6 (`::ffff:10.1.2.3`) match IPv4 rules.
import { BlockList, isIP } from 'node:net';

export interface TrustedProxies {
  includes(address: string): boolean;
}

export function parseTrustedProxies(cidrs: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const entry of cidrs) {
    const [address, prefixText] = entry.trim().split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`trustedProxies: "${entry}" is not an IP address or CIDR range`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    const prefix = prefixText === undefined ? (family === 4 ? 32 : 128) : Number(prefixText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw new Error(`trustedProxies: "${entry}" has an invalid prefix length`);
    list.addSubnet(address, prefix, type);
  }
  return {
    includes(raw: string) {
      const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(raw);
      const address = mapped ? mapped[1] : raw;
      const family = isIP(address);
      if (family === 0) return false;
      return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
