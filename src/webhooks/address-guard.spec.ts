import { refusalReason } from '@/webhooks/address-guard';

// Only ever parsed: no test sends traffic to any of these.
const REFUSED: [string, string][] = [
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.254', 'private'],
  ['192.168.1.1', 'private'],
  ['100.64.0.1', 'carrierGradeNat'],
  ['100.127.255.254', 'carrierGradeNat'],
  ['169.254.169.254', 'linkLocal'],
  ['127.0.0.1', 'loopback'],
  ['127.8.9.10', 'loopback'],
  ['0.0.0.0', 'unspecified'],
  ['224.0.0.1', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['192.0.2.1', 'reserved'],
  ['::1', 'loopback'],
  ['::', 'unspecified'],
  ['fc00::1', 'uniqueLocal'],
  ['fdff:ffff::1', 'uniqueLocal'],
  ['fe80::1', 'linkLocal'],
  ['febf::1', 'linkLocal'],
  ['ff02::1', 'multicast'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:169.254.169.254', 'linkLocal'],
  ['::ffff:7f00:1', 'loopback'],
  ['2002:7f00:1::1', '6to4'],
  ['64:ff9b::a00:1', 'rfc6052'],
];

const ALLOWED = [
  '8.8.8.8',
  '93.184.216.34',
  '172.15.255.254',
  '172.32.0.1',
  '100.63.255.254',
  '100.128.0.1',
  '169.253.0.1',
  '2606:4700::1111',
  '2a00:1450:4001::200e',
  '::ffff:8.8.8.8',
];

describe('webhook address guard', () => {
  it.each(REFUSED)('refuses %s (%s)', (address, range) => {
    expect(refusalReason(address)).toBe(`${address} is a ${range} address`);
  });

  it.each(ALLOWED)('allows the public unicast address %s', (address) => {
    expect(refusalReason(address)).toBeNull();
  });

  it.each(['example.test', '999.1.1.1', '', '1.2.3.4:80'])(
    'refuses %j: not an address',
    (value) => {
      expect(refusalReason(value)).toMatch(/is not an IP address$/);
    },
  );
});
