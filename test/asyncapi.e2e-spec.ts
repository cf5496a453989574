// The AsyncAPI document the app serves, checked by the official parser (as CI checks the
// committed copy): any AsyncAPI tool must accept it, every $ref must resolve.
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

type Json = Record<string, unknown>;

/** Every `$ref` in a document, with where it was found. */
function refsIn(node: unknown, at = '#', into: [string, string][] = []): [string, string][] {
  if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node as Json)) {
      if (key === '$ref' && typeof value === 'string') into.push([at, value]);
      else refsIn(value, `${at}/${key}`, into);
    }
  }
  return into;
}

function resolvePointer(document: unknown, ref: string): unknown {
  let node = document;
  for (const part of ref.replace(/^#\//, '').split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node !== null && typeof node === 'object' ? (node as Json)[key] : undefined;
  }
  return node;
}

describe('AsyncAPI document', () => {
  let t: TestApp;
  let served: Json;

  beforeAll(async () => {
    t = await startTestApp();
    served = (await request(t.url).get('/api/v1/asyncapi.json').expect(200)).body as Json;
  });

  afterAll(async () => {
    await t.close();
  });

  it('is accepted by @asyncapi/parser without a single error', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(served));
    const errors = diagnostics
      // Compared as numbers: the diagnostics carry spectral's own copy of the severity enum.
      .filter((d) => Number(d.severity) === Number(DiagnosticSeverity.Error))
      .map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(document?.operations().length).toBeGreaterThan(0);
  });

  it('resolves every $ref inside itself, including the enums the models share with HTTP', () => {
    const refs = refsIn(served);
    const dangling = refs.filter(([, ref]) => resolvePointer(served, ref) === undefined);
    expect(dangling).toEqual([]);
    // The references that once dangled: enum schemas reached only through other models.
    const targets = new Set(refs.map(([, ref]) => ref));
    for (const name of ['Role', 'TicketStatus', 'TicketPriority'])
      expect(targets).toContain(`#/components/schemas/${name}`);
  });
});
