// Which addresses a webhook may be delivered to (issue 15's SSRF rule), as a pure check over the
// address the socket actually connects to. Groundwork: the dispatcher that calls it at connect
// time is not built yet. Only public unicast passes; an IPv4-mapped IPv6 address is judged as
// the IPv4 address it carries, and transition prefixes that embed an IPv4 address (6to4, NAT64,
// Teredo) are refused outright, since the address inside could be anything.
import ipaddr from 'ipaddr.js';

/** Why `address` may not be a webhook target, or null when it may. */
export function refusalReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  return range === 'unicast' ? null : `${address} is a ${range} address`;
}
