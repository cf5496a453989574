import { Webhook } from 'standardwebhooks';
import { newSecret, signatureHeaders, signingSecrets } from '@/webhooks/webhook-signer';

describe('webhook signer', () => {
  it('makes whsec_ secrets of 24 random bytes', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(24);
    expect(newSecret()).not.toBe(secret);
  });

  it('signs so that the standardwebhooks verifier accepts each live secret', () => {
    const [current, previous] = [newSecret(), newSecret()];
    const body = JSON.stringify({ id: 'e1', type: 'ping', data: { ok: true } });
    const headers = signatureHeaders([current, previous], 'e1', new Date(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(current).verify(`${body} `, headers)).toThrow();
  });

  it('keeps the previous secret only until its overlap ends', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const endpoint = { secret: 'new', previousSecret: 'old', previousSecretUntil: now };
    expect(signingSecrets(endpoint, new Date(now.getTime() - 1))).toEqual(['new', 'old']);
    expect(signingSecrets(endpoint, now)).toEqual(['new']);
    expect(signingSecrets({ ...endpoint, previousSecret: null }, new Date(0))).toEqual(['new']);
  });
});
