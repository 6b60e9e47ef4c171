import type {Feature, FeatureCollection, MultiPolygon, Polygon} from 'geojson';
import type {ReadyImport} from './import/staged-import';
import type {SubsidenceZone} from './tally';

/**
 * Where the subsidence zones come from. The shipped ones (geodata/datong.geojson) are outlines
 * this project drew; official ones are a file a planner loaded, named with the day it was
 * loaded (or, in the CLI, the file's date), so every by-zone figure can say which it is.
 */
export type ZonesSource =
  | {readonly kind: 'indicative'}
  | {readonly kind: 'official'; readonly fileName: string; readonly date: string; readonly zones: number};

export const INDICATIVE_ZONES: ZonesSource = {kind: 'indicative'};

/** Official zones as kept on the device: the features and where they came from. */
export type OfficialZones = {readonly source: Extract<ZonesSource, {kind: 'official'}>; readonly zones: readonly SubsidenceZone[]};

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/**
 * Zones from a staged import (the same pipeline, report and checks as plots). A file that
 * marks its features with `kind` (as geodata/datong.geojson does) gives only its
 * `subsidence-zone` features; otherwise every accepted polygon is a zone. A zone's id is the
 * file's id, else its name; its names are `name_zh`/`name_en` where given, else the name.
 * Repairable features are used only when `repaired` lists their index (the user agreed).
 */
export function zonesFromImport(ready: ReadyImport, repaired: ReadonlySet<number> = new Set()): SubsidenceZone[] {
  // A zone whose id repeats an earlier one (held back as a `new-id` repair) keeps the file's id
  // as the base of its own, made unique below, rather than a generated UUID.
  const consented = ready.repairable.filter((r) => repaired.has(r.index))
    .map((r) => (r.repairs.includes('new-id') ? {...r.repaired, plot: {...r.repaired.plot, properties: {...r.repaired.plot.properties, id: String(r.id)}}} : r.repaired));
  const staged = [...ready.plots, ...consented].sort((a, b) => a.index - b.index);
  const marked = staged.some((s) => 'kind' in s.extra);
  // A generated UUID means nothing to a planner: such a zone is known by its name instead.
  const generated = new Set(ready.notices.filter((n) => n.code === 'id-generated').map((n) => n.where));
  const used = new Set<string>();
  const zones: SubsidenceZone[] = [];
  for (const s of staged) {
    if (marked && s.extra.kind !== 'subsidence-zone') continue;
    const name = s.plot.properties.name.trim() || s.plot.properties.zone.trim();
    const nameZh = text(s.extra.name_zh) || name;
    const nameEn = text(s.extra.name_en) || name;
    let id = (generated.has(s.where) ? '' : s.plot.properties.id) || name;
    if (!id || used.has(id)) id = `${id || 'zone'}-${s.index + 1}`;
    used.add(id);
    zones.push({
      type: 'Feature',
      geometry: s.plot.geometry as Polygon | MultiPolygon,
      properties: {id, name_zh: nameZh || id, name_en: nameEn || nameZh || id},
    });
  }
  return zones;
}

/**
 * A layer file's features with its subsidence zones replaced by official ones, marked so the
 * map draws them as published lines (solid) and the info panel says where they came from.
 */
export function withOfficialZones(collection: FeatureCollection, official: OfficialZones): FeatureCollection {
  const kept = collection.features.filter((f) => f.properties?.kind !== 'subsidence-zone');
  const zones: Feature[] = official.zones.map((z) => ({
    type: 'Feature',
    geometry: z.geometry,
    properties: {
      ...z.properties,
      kind: 'subsidence-zone',
      accuracy: 'published',
      official: true,
      source: `${official.source.fileName} (${official.source.date})`,
    },
  }));
  return {...collection, features: [...kept, ...zones]};
}
