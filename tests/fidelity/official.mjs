// What the scripts that drive the emulator with Athom's OFFICIAL client (npm homey-api
// 3.20.0) share: the package (HOMEY_API_NODE_MODULES, else .cache/homey-api/node, fetched by
// `sh tests/fidelity/fetch_official_client.sh`), the emulator's base URL from the command
// line, counted checks and the emulator's fault switches (`/_control`).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = process.env.HOMEY_API_NODE_MODULES
  || path.join(here, '..', '..', '.cache', 'homey-api', 'node', 'node_modules');
const require = createRequire(path.join(modules, 'noop.js'));
export const AthomCloudAPI = require('homey-api/lib/AthomCloudAPI');

export const base = process.argv[2];
assert.ok(base, `usage: node ${path.basename(process.argv[1] || '')} <emulator base url>`);

// How many checks held so far (a live binding: importers see it grow).
export let checks = 0;

export function check(condition, message) {
  assert.ok(condition, message);
  checks += 1;
}

// Counts an assertion made another way (`assert.rejects`, an awaited event) that held.
export function counted() {
  checks += 1;
}

export async function control(ops) {
  const res = await fetch(`${base}/_control`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(ops),
  });
  assert.equal(res.status, 200, `control ${JSON.stringify(ops)}`);
  return res.json();
}
