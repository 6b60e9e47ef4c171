import {z} from 'zod';
import {geometrySchema} from './protocol';
import type {SharedKind} from './shared-records';

/*
 * Shared zones and slides on the team server (docs/sync.md, "Shared zones and slides"), shared
 * by the server and the app. Each zone and each slide is one record with a server `version`;
 * a write names the version it was made from (`baseVersion`) and a stale one is refused (409)
 * with the server's current record, so the client keeps both and asks: never last-write-wins.
 * Pure: zod only. The zod-free helpers the app's client uses are in shared-records.ts.
 */

export {SHARED_KINDS, canonicalJson, sharedPath, type SharedKind} from './shared-records';

const idSchema = z.string().min(1).max(200);
const text = (max: number) => z.string().max(max);

/** One official subsidence zone as the app keeps it (src/geo/zones-import.ts), and the file it came from. */
export const sharedZoneSchema = z.object({
  zone: z.object({
    type: z.literal('Feature'),
    geometry: geometrySchema,
    properties: z.object({id: idSchema, name_zh: text(500), name_en: text(500)}),
  }),
  source: z.object({fileName: text(300), date: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'a YYYY-MM-DD date')}),
});
export type SharedZone = z.infer<typeof sharedZoneSchema>;

const finite = z.number().finite();
/**
 * One presenter slide (src/state/presenter-slice.ts) and its place in the deck. The camera and
 * caption are checked; layers and filters are kept as sent (the app's normaliseSlide makes any
 * slide well-formed when it reads one, so an older or newer app's slide still opens).
 */
export const sharedSlideSchema = z.object({
  slide: z.looseObject({
    id: idSchema,
    camera: z.looseObject({center: z.tuple([finite.min(-180).max(180), finite.min(-90).max(90)]), zoom: finite, bearing: finite, pitch: finite}),
    caption: z.object({zh: text(5000), en: text(5000)}),
    layerState: z.record(z.string().max(100), z.unknown()).optional(),
    filters: z.record(z.string().max(100), z.unknown()).optional(),
  }),
  order: z.number().int().min(0).max(100_000),
});
export type SharedSlide = z.infer<typeof sharedSlideSchema>;

export type SharedData<K extends SharedKind> = K extends 'zone' ? SharedZone : SharedSlide;
export const SHARED_DATA_SCHEMAS = {zone: sharedZoneSchema, slide: sharedSlideSchema} as const;

/** A zone or slide as the server holds it; a deleted one is a tombstone with its last data. */
export type SharedRecord<K extends SharedKind = SharedKind> = {
  readonly kind: K;
  readonly id: string;
  /** 1 after the first write, +1 per write (a delete too). */
  readonly version: number;
  readonly deleted: boolean;
  /** The team's sequence number of the record's last write (the same sequence as plot changes). */
  readonly seq: number;
  readonly updatedBy: string;
  readonly updatedAt: string;
  readonly data: SharedData<K>;
};

export const sharedIdParams = z.object({id: idSchema});

/** PUT /api/zones/{id} and /api/slides/{id}: the version the write was made from (0: new) and the data. */
export const sharedPutSchema = <K extends SharedKind>(kind: K) => z.object({
  baseVersion: z.number().int().min(0),
  data: SHARED_DATA_SCHEMAS[kind] as unknown as z.ZodType<SharedData<K>>,
});
export type SharedPut<K extends SharedKind> = {readonly baseVersion: number; readonly data: SharedData<K>};

/** DELETE /api/zones/{id}?baseVersion=N. */
export const sharedDeleteQuery = z.object({baseVersion: z.coerce.number().int().min(1)});

/** GET /api/zones?since=SEQ: records written after SEQ (tombstones included when since > 0). */
export const sharedListQuery = z.object({since: z.coerce.number().int().min(0).default(0)});

export type SharedListResponse<K extends SharedKind = SharedKind> = {
  readonly records: readonly SharedRecord<K>[];
  /** Pass as `since` next time. */
  readonly cursor: number;
};
export type SharedWriteResponse<K extends SharedKind = SharedKind> = {readonly record: SharedRecord<K>};
/** 409: the write's baseVersion is not the server's; `current` is the server's record (null: none). */
export type SharedConflictResponse<K extends SharedKind = SharedKind> = {
  readonly error: 'stale-version';
  readonly current: SharedRecord<K> | null;
};
