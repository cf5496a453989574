import { urlRefusal } from '@/webhooks/webhook-url';

describe('webhook endpoint URLs', () => {
  it.each([
    ['https://crm.example.com/hooks', false, null],
    ['https://crm.example.com:8443/hooks?x=1', false, null],
    ['http://crm.example.com/hooks', false, 'url must be https://'],
    ['http://crm.example.com/hooks', true, null],
    ['ftp://crm.example.com/hooks', true, 'url must be https:// or http://'],
    ['crm.example.com/hooks', false, 'url must be an absolute URL'],
    ['https://', false, 'url must be an absolute URL'],
    ['https://user:pass@crm.example.com/', false, 'url must not carry credentials'],
    ['javascript:alert(1)', true, 'url must be https:// or http://'],
  ])('%s (http allowed: %s)', (url, allowHttp, expected) => {
    expect(urlRefusal(url, allowHttp)).toBe(expected);
  });
});
