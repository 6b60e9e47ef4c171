import type {Plot, PlotProperties} from '../geo/plot';

/*
 * The protocol's words and limits without zod: what the app needs at run time (field names,
 * roles, limits) without pulling the schemas — and zod, whose JIT probe (`new Function`) the
 * app's CSP reports — into its bundle. protocol.ts re-exports all of it for the server.
 */

export const ROLES = ['admin', 'planner', 'surveyor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** A photo is named by the SHA-256 of its bytes, lower-case hex. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** The properties a synced plot carries: the app's plot properties plus its photos by hash. */
export type SyncPlotProperties = PlotProperties & {readonly photos?: string[]};
export type SyncPlot = Omit<Plot, 'properties'> & {readonly properties: SyncPlotProperties};

/**
 * The fields an op may change. Geometry is one field (coordinates are never merged); `status`
 * and `completed` may be sent separately but merge as one pair (see apply-op.ts). `updated`
 * is not a field: it is the time of the edit, taken from the op's plot.
 */
export const SYNC_FIELDS = ['geometry', 'name', 'zone', 'measure', 'status', 'completed', 'team', 'notes', 'photos'] as const;
export type SyncField = (typeof SYNC_FIELDS)[number];

export const OP_KINDS = ['create', 'update', 'delete'] as const;
export type OpKind = (typeof OP_KINDS)[number];

export const MAX_OPS_PER_PUSH = 500;

export const OP_STATUSES = ['applied', 'duplicate', 'conflict', 'rejected'] as const;
export type OpStatus = (typeof OP_STATUSES)[number];

/** Per-op rejection codes: nothing was written for the op. */
export const REJECT_REASONS = {
  forbidden: 'forbidden',
  forbiddenTeam: 'forbidden-team',
  unknownPlot: 'unknown-plot',
  missingPhoto: 'missing-photo',
  invalidPlot: 'invalid-plot',
  unknownConflict: 'unknown-conflict',
} as const;
