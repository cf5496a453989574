// B11's baseline: POSTs pre-signed webhook bodies with undici at a fixed concurrency, in its own
// process like the API's dispatcher, and prints the seconds it took. Reads its job from the file
// named by argv[2]: {url, concurrency, items: [{headers, body}]}.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

interface Job {
  url: string;
  concurrency: number;
  items: { headers: Record<string, string>; body: string }[];
}

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Job;
  const agent = new Agent({ keepAliveTimeout: 60_000 });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (next < job.items.length) {
        const item = job.items[next++]!;
        const response = await request(job.url, {
          method: 'POST',
          headers: item.headers,
          body: item.body,
          dispatcher: agent,
        });
        await response.body.text();
        if (response.statusCode !== 200)
          throw new Error(`receiver answered ${response.statusCode}`);
      }
    }),
  );
  process.stdout.write(`${(performance.now() - started) / 1000}\n`);
  await agent.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
