// PasswordHasher's worker thread: one bcrypt job per message. Plain CommonJS, copied to dist as an
// asset, so that the same file runs from the sources (Jest) and from dist: a .ts worker would need
// swc's native hook inside the thread, and re-spawning such a worker after terminate() crashed
// node 20 with a segfault (second spawn, every run).
'use strict';
const { parentPort } = require('node:worker_threads');
const { compareSync, hashSync } = require('bcryptjs');

// On Linux the nice value is per thread: when hashing and the event loop want the same core, the
// event loop wins, and /health, sockets and every other request keep their latency in a login storm.
try {
  require('node:os').setPriority(10);
} catch {
  // Not permitted here: hash at normal priority.
}

parentPort.on('message', ({ op, password, hash, rounds }) => {
  try {
    const result = op === 'hash' ? hashSync(password, rounds) : compareSync(password, hash);
    parentPort.postMessage({ result });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
