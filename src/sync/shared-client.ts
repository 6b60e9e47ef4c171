import type {OfficialZones} from '../geo/zones-import';
import type {SharedData, SharedKind, SharedRecord, SharedSlide, SharedZone} from './shared-protocol';
import {canonicalJson, sharedPath} from './shared-records';

/*
 * The app's side of shared zones and slides (docs/sync.md): small, pure functions over an
 * authenticated fetch the caller hands in (today packs-slice's session; the sync engine's
 * teamFetch once it lands), so nothing here knows about tokens, addresses or the store.
 */

/** fetch with the team session's token and address already applied; `path` starts with /api/. */
export type TeamFetch = (path: string, init?: RequestInit) => Promise<Response>;

export type SharedFailure = {
  readonly ok: false;
  /** offline: no answer; signed-out: 401; revoked: 403 device-revoked; forbidden: 403 (role); refused: any other answer. */
  readonly code: 'offline' | 'signed-out' | 'revoked' | 'forbidden' | 'refused';
  readonly status: number | null;
};

/** What the server and this device each hold for one record, for the user to choose between. */
export type SharedConflict<K extends SharedKind = SharedKind> = {
  readonly kind: K;
  readonly id: string;
  /** This device's data; null when this device deleted it. */
  readonly mine: SharedData<K> | null;
  /** The server's record (null: the server has none); its version is the base to write over it. */
  readonly theirs: SharedRecord<K> | null;
};

/** What this device last knew of each record on the server: its version and data (canonical JSON). */
export type KnownRecords = Readonly<Record<string, {readonly version: number; readonly deleted: boolean; readonly json: string}>>;

export type SharedItem<K extends SharedKind> = {readonly id: string; readonly data: SharedData<K>};

async function failureOf(res: Response | null): Promise<SharedFailure> {
  if (!res) return {ok: false, code: 'offline', status: null};
  if (res.status === 401) return {ok: false, code: 'signed-out', status: 401};
  if (res.status === 403) {
    const body = (await res.json().catch(() => ({}))) as {error?: unknown};
    return {ok: false, code: body.error === 'device-revoked' ? 'revoked' : 'forbidden', status: 403};
  }
  return {ok: false, code: 'refused', status: res.status};
}

const attempt = async (f: () => Promise<Response>): Promise<Response | null> => {
  try {
    return await f();
  } catch {
    return null;
  }
};

/** GET /api/zones|slides?since=: the records written after `since` and the cursor to pass next. */
export async function fetchShared<K extends SharedKind>(fetch: TeamFetch, kind: K, since = 0): Promise<{ok: true; records: SharedRecord<K>[]; cursor: number} | SharedFailure> {
  const res = await attempt(() => fetch(`${sharedPath(kind)}?since=${since}`, {cache: 'no-store'}));
  if (!res || !res.ok) return failureOf(res);
  const body = (await res.json()) as {records: SharedRecord<K>[]; cursor: number};
  return {ok: true, records: body.records, cursor: body.cursor};
}

/** `record` null: a delete of what the server never had (nothing to do). */
export type WriteResult<K extends SharedKind> = {ok: true; record: SharedRecord<K> | null} | {ok: false; code: 'conflict'; current: SharedRecord<K> | null} | SharedFailure;

/** PUT (data) or DELETE (data null) one record made from `baseVersion`; a 409 comes back as the server's copy. */
export async function writeShared<K extends SharedKind>(fetch: TeamFetch, kind: K, id: string, baseVersion: number, data: SharedData<K> | null): Promise<WriteResult<K>> {
  const url = `${sharedPath(kind)}/${encodeURIComponent(id)}`;
  const res = await attempt(() => data === null
    ? fetch(`${url}?baseVersion=${baseVersion}`, {method: 'DELETE'})
    : fetch(url, {method: 'PUT', headers: {'content-type': 'application/json'}, body: JSON.stringify({baseVersion, data})}));
  if (res?.status === 409) return {ok: false, code: 'conflict', current: ((await res.json()) as {current: SharedRecord<K> | null}).current};
  if (res?.status === 404 && data === null) return {ok: true, record: null};
  if (!res || !res.ok) return failureOf(res);
  return {ok: true, record: ((await res.json()) as {record: SharedRecord<K>}).record};
}

/** The known state of each record in a list from the server. */
export function knownOf(records: readonly SharedRecord[], known: KnownRecords = {}): KnownRecords {
  const next: Record<string, KnownRecords[string]> = {...known};
  for (const r of records) next[r.id] = {version: r.version, deleted: r.deleted, json: canonicalJson(r.data)};
  return next;
}

export type PushOutcome<K extends SharedKind> = {
  readonly known: KnownRecords;
  readonly conflicts: SharedConflict<K>[];
  /** Set when the push stopped early (offline, signed out…): the rest was not sent. */
  readonly failure: SharedFailure | null;
};

/**
 * Makes the server's set of `kind` equal this device's `items`: PUTs each item whose data the
 * server does not already hold (as far as `known` says), and DELETEs each record the server holds
 * that is not among the items (when `deleteMissing`). Each write names the version this device
 * knew; a 409 becomes a conflict holding both copies, never an overwrite.
 */
export async function pushSet<K extends SharedKind>(fetch: TeamFetch, kind: K, items: readonly SharedItem<K>[], known: KnownRecords, deleteMissing: boolean): Promise<PushOutcome<K>> {
  const next: Record<string, KnownRecords[string]> = {...known};
  const conflicts: SharedConflict<K>[] = [];
  const writes: {id: string; data: SharedData<K> | null}[] = [];
  for (const item of items) {
    const k = known[item.id];
    if (!k || k.deleted || k.json !== canonicalJson(item.data)) writes.push(item);
  }
  if (deleteMissing) {
    const ids = new Set(items.map((i) => i.id));
    for (const [id, k] of Object.entries(known)) if (!k.deleted && !ids.has(id)) writes.push({id, data: null});
  }
  for (const w of writes) {
    const result = await writeShared(fetch, kind, w.id, known[w.id]?.version ?? 0, w.data);
    if (result.ok) {
      if (result.record) next[w.id] = {version: result.record.version, deleted: result.record.deleted, json: canonicalJson(result.record.data)};
      else delete next[w.id];
    }
    // The version known stays the old one, so sending again gives the same conflict rather than an overwrite;
    // keeping this device's copy means writing over `theirs.version` (see knownOf).
    else if (result.code === 'conflict') conflicts.push({kind, id: w.id, mine: w.data, theirs: result.current});
    else return {known: next, conflicts, failure: result};
  }
  return {known: next, conflicts, failure: null};
}

/** Official zones as records to share, one per zone, each naming the file it came from. */
export function zoneItems(official: OfficialZones): SharedItem<'zone'>[] {
  return official.zones.map((zone) => ({
    id: zone.properties.id,
    data: {zone: {type: 'Feature', geometry: zone.geometry, properties: {id: zone.properties.id, name_zh: zone.properties.name_zh, name_en: zone.properties.name_en}},
      source: {fileName: official.source.fileName, date: official.source.date}} as SharedZone,
  }));
}

/** The server's live zones as the app's official zones (named after the latest file written), or null when it has none. */
export function officialZonesOf(records: readonly SharedRecord<'zone'>[]): OfficialZones | null {
  const live = records.filter((r) => !r.deleted).sort((a, b) => a.id.localeCompare(b.id));
  if (live.length === 0) return null;
  const latest = [...live].sort((a, b) => b.seq - a.seq)[0]!;
  return {
    source: {kind: 'official', fileName: latest.data.source.fileName, date: latest.data.source.date, zones: live.length},
    zones: live.map((r) => r.data.zone as OfficialZones['zones'][number]),
  };
}

/** The presenter's slides as records, each with its place in the deck. */
export function slideItems(slides: readonly {readonly id: string}[]): SharedItem<'slide'>[] {
  return slides.map((slide, order) => ({id: slide.id, data: {slide: slide as SharedSlide['slide'], order}}));
}

/** The server's live slides in deck order (as sent: the presenter slice makes each well-formed). */
export function slidesOf(records: readonly SharedRecord<'slide'>[]): unknown[] {
  return records.filter((r) => !r.deleted).sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id)).map((r) => r.data.slide);
}
