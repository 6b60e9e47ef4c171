import {z} from 'zod';

/*
 * The team server's basemap packs as the API lists them (GET /api/packs), shared by the server
 * (src/server/packs) and the app (src/state/packs-download.ts). See docs/basemap-packs.md.
 */

import {PACK_CONTAINERS} from '../geo/packs/pack-types';

export {PACK_CONTAINERS, type PackContainer} from '../geo/packs/pack-types';

export const TEAM_PACK_SCHEMA = z.object({
  id: z.string().regex(/^[\w-]{1,64}$/),
  name: z.string().max(200),
  container: z.enum(PACK_CONTAINERS),
  kind: z.enum(['vector', 'raster', 'terrain']),
  tileFormat: z.enum(['mvt', 'png', 'jpeg', 'webp', 'avif']),
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  minZoom: z.number().int().min(0).max(30),
  maxZoom: z.number().int().min(0).max(30),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  uploadedAt: z.string(),
  dataDate: z.string().nullable(),
  source: z.string().max(300),
  fileName: z.string().max(200),
  uploadedBy: z.string(),
});

export type TeamPack = z.infer<typeof TEAM_PACK_SCHEMA>;

export const TEAM_PACK_LIST_SCHEMA = z.object({packs: z.array(TEAM_PACK_SCHEMA)});
