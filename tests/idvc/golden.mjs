// Golden request bodies from IDScan's own web library.
//
// Runs the real `prepareRequestDataForDiveApi` of @idscan/idvc2 (fetched by fetch.sh) in
// Node.js on every synthetic submit payload in payloads/*.json, for API versions 3 and 4,
// and writes each body as JSON:
//
//     <out>/<payload>.v3.json   (POST /api/v3/Request, POST /api/v3/Verify)
//     <out>/<payload>.v4.json   (POST /api/v4/verify)
//
// Usage: node tests/idvc/golden.mjs [--package <dir>] [--payloads <dir>] [--out <dir>]
// Defaults: tests/idvc/package, tests/idvc/payloads, tests/idvc/out (beside this file).
//
// The library is a browser bundle. Importing it (not mounting it) touches only a few
// browser globals, which are shimmed below with inert stand-ins; the function itself needs
// none of them (it reads the steps, strips data-URL prefixes and parses `metaData`).

import { readFile, readdir, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, basename, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return resolve(i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback);
}

const packageDir = option('package', join(here, 'package'));
const payloadDir = option('payloads', join(here, 'payloads'));
const outDir = option('out', join(here, 'out'));

// ---- browser globals the bundle reads while it is imported ---------------------------
// webpack's runtime keeps its chunk list on `self`; lit-html reads `document` when its
// module is evaluated (createTreeWalker), the bundle adds a listener, and webpack's
// public-path code reads `document.currentScript.src`; device detection reads
// `navigator.userAgent` (Node < 21 has no `navigator`); a helper module makes a 1×1
// `ImageData` up front. Nothing here is used by prepareRequestDataForDiveApi.
globalThis.self = globalThis;
globalThis.window = globalThis;
globalThis.document = {
  createTreeWalker: () => ({}),
  addEventListener: () => {},
  currentScript: { src: pathToFileURL(join(packageDir, 'dist', 'idvc.mjs')).href },
};
if (typeof globalThis.navigator === 'undefined') {
  Object.defineProperty(globalThis, 'navigator', {
    value: { userAgent: 'Node.js (dvs-rs golden bodies)' },
    configurable: true,
  });
}
globalThis.ImageData ??= class ImageData {};

const entry = join(packageDir, 'dist', 'idvc.mjs');
let prepareRequestDataForDiveApi;
try {
  ({ prepareRequestDataForDiveApi } = await import(pathToFileURL(entry).href));
} catch (e) {
  console.error(`golden: cannot load ${entry} (run tests/idvc/fetch.sh first): ${e.message}`);
  process.exit(1);
}
if (typeof prepareRequestDataForDiveApi !== 'function') {
  console.error(`golden: ${entry} does not export prepareRequestDataForDiveApi`);
  process.exit(1);
}

const versions = { v3: '3', v4: '4' };
const names = (await readdir(payloadDir)).filter((n) => n.endsWith('.json')).sort();
if (names.length === 0) {
  console.error(`golden: no payloads in ${payloadDir}`);
  process.exit(1);
}
await mkdir(outDir, { recursive: true });
let written = 0;
for (const name of names) {
  const data = JSON.parse(await readFile(join(payloadDir, name), 'utf8'));
  const stem = basename(name, '.json');
  for (const [suffix, versionAPI] of Object.entries(versions)) {
    const body = await prepareRequestDataForDiveApi({ data, versionAPI });
    // JSON.stringify, as an app posting the body does (undefined members are left out).
    await writeFile(join(outDir, `${stem}.${suffix}.json`), `${JSON.stringify(body, null, 2)}\n`);
    written += 1;
  }
}
console.log(`golden: ${written} bodies from ${names.length} payloads written to ${outDir}`);
