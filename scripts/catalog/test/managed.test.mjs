import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  EMBED_LIMIT,
  isDeferred,
  latestPolicy,
  renderDeferredTsv,
  renderRustTable,
  renderSplitSummary,
  renderVersionTable,
  selectPolicyNames,
} from '../lib/managed.mjs';
import { replaceMarkedBlock } from '../lib/markers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const all = JSON.parse(readFileSync(join(here, 'fixtures', 'managed-policies.json'), 'utf8'));

test('selects configured policies plus every job-function one', () => {
  const names = selectPolicyNames(all, { required: ['AdministratorAccess'], extras: ['AWSLambdaBasicExecutionRole'] });
  assert.deepEqual(names, ['AWSLambdaBasicExecutionRole', 'AdministratorAccess', 'Billing']);
  assert.throws(() => selectPolicyNames(all, { required: ['Nope'], extras: [] }), /Nope is not in the source/);
});

test('takes the latest version, minified in key order', () => {
  const billing = latestPolicy('Billing', all.Billing);
  assert.equal(billing.versionId, 'v2');
  assert.equal(billing.arn, 'arn:aws:iam::aws:policy/job-function/Billing');
  assert.equal(
    billing.document,
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["aws-portal:*Billing","budgets:ViewBudget"],"Resource":"*"}]}',
  );
  const broken = { ...all.Billing, latestVersionId: 'v9' };
  assert.throws(() => latestPolicy('Billing', broken), /latest version v9 missing/);
  assert.throws(() => latestPolicy('Other', all.Billing), /unexpected ARN/);
});

test('renders a Rust table and a version table', () => {
  const policies = ['AdministratorAccess', 'Billing'].map((n) => latestPolicy(n, all[n]));
  const rust = renderRustTable(policies);
  assert.match(rust, /name: "Billing",\n\s+arn: "arn:aws:iam::aws:policy\/job-function\/Billing",\n\s+version_id: "v2",/);
  // Both fixture documents are small: embedded in every build.
  assert.match(rust, /text: embedded!\("\.\.\/policies\/AdministratorAccess\.json"\),/);
  assert.match(rust, /text: embedded!\("\.\.\/policies\/Billing\.json"\),/);
  assert.doesNotMatch(rust, /deferred!\(/);
  const table = renderVersionTable(policies);
  assert.match(table, /\| Billing \| `arn:aws:iam::aws:policy\/job-function\/Billing` \| v2 \| 2020-01-01 \|/);
});

test('defers documents over the limit to deferred.tsv', () => {
  const policies = ['AdministratorAccess', 'Billing', 'AWSLambdaBasicExecutionRole'].map((n) => latestPolicy(n, all[n]));
  assert.equal(EMBED_LIMIT, 2048);
  assert.equal(renderDeferredTsv(policies), '', 'the fixture documents are small');
  const [admin, billing, lambda] = policies;
  // A limit between the sizes: AdministratorAccess (85 bytes) stays, the others are deferred.
  const limit = 100;
  assert.equal(admin.document.length, 85);
  assert.ok(!isDeferred(admin, limit) && isDeferred(billing, limit) && isDeferred(lambda, limit));
  assert.ok(!isDeferred({ document: 'x'.repeat(limit) }, limit), 'exactly the limit is embedded');
  const rust = renderRustTable(policies, limit);
  assert.match(rust, /text: embedded!\("\.\.\/policies\/AdministratorAccess\.json"\),/);
  assert.match(rust, /text: deferred!\("\.\.\/policies\/Billing\.json"\),/);
  assert.match(rust, /Documents over 100 bytes are `deferred!`/);
  // Sorted by name, one `name<TAB>document` line each, nothing else.
  assert.equal(
    renderDeferredTsv(policies, limit),
    `AWSLambdaBasicExecutionRole\t${lambda.document}\nBilling\t${billing.document}\n`,
  );
  assert.throws(() => renderDeferredTsv([{ name: 'X', document: 'a\tb' }], 0), /tab or line break/);
  assert.equal(
    renderSplitSummary(policies, limit),
    `Threshold 100 bytes: 1 policies embedded in every build (85 bytes), 2 deferred (${billing.document.length + lambda.document.length} bytes): AWSLambdaBasicExecutionRole, Billing.`,
  );
});

test('replaces only the marked block', () => {
  const doc = 'a\n<!-- x:start -->\nold\n<!-- x:end -->\nb\n';
  assert.equal(replaceMarkedBlock(doc, 'x', 'new'), 'a\n<!-- x:start -->\nnew\n<!-- x:end -->\nb\n');
  assert.throws(() => replaceMarkedBlock('no markers', 'x', 'new'), /not found/);
});
