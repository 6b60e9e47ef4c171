import {z} from 'zod';
import {MEASURE_CODES, PLOT_STATUSES} from '../../seeds/programme';
import {MAX_OPS_PER_PUSH, OP_KINDS, SHA256_PATTERN, SYNC_FIELDS, type OpStatus, type Role, type SyncPlot} from './protocol-constants';
export * from './protocol-constants';

/*
 * The team server's wire protocol (docs/sync.md), shared by the server and the app. Names
 * follow issue 13: login / refresh, push of ops, pull of changes since a sequence number.
 * Schemas check shape only; whether a plot is a valid plot is validatePlot's job (src/geo).
 */


const position = z.array(z.number().finite()).min(2).max(3);
const ring = z.array(position);
export const geometrySchema = z.discriminatedUnion('type', [
  z.object({type: z.literal('Polygon'), coordinates: z.array(ring)}),
  z.object({type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring))}),
]);

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'a YYYY-MM-DD date');
const photos = z.array(z.string().regex(SHA256_PATTERN, 'a lower-case hex SHA-256')).max(100);

export const plotPropertiesSchema = z.object({
  id: z.string().min(1).max(200),
  name: z.string().max(500),
  zone: z.string().max(200),
  measure: z.enum(MEASURE_CODES),
  status: z.enum(PLOT_STATUSES),
  completed: isoDate.nullable(),
  team: z.string().max(200),
  notes: z.string().max(20_000),
  updated: z.string().max(40),
  photos: photos.optional(),
});

export const plotSchema = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]).optional(),
  geometry: geometrySchema,
  properties: plotPropertiesSchema,
});

const fieldValue = z.unknown();
export const changeSchema = z.object({from: fieldValue, to: fieldValue});


export const opSchema = z.object({
  opId: z.uuid(),
  plotId: z.string().min(1).max(200),
  kind: z.enum(OP_KINDS),
  /** The plot version the device edited (0 for a create). */
  baseVersion: z.number().int().min(0),
  changes: z.partialRecord(z.enum(SYNC_FIELDS), changeSchema).default({}),
  /** The whole plot after the edit on the device (required for create and update). */
  plot: plotSchema.nullable().optional(),
  /** When a planner's op settles a conflict, the conflict it settles. */
  resolves: z.string().min(1).max(100).optional(),
}).superRefine((op, ctx) => {
  if (op.kind !== 'delete' && !op.plot) ctx.addIssue({code: 'custom', path: ['plot'], message: `a ${op.kind} needs the plot`});
  if (op.plot && op.plot.properties.id !== op.plotId) ctx.addIssue({code: 'custom', path: ['plot', 'properties', 'id'], message: 'must equal plotId'});
  if (op.kind === 'create' && op.baseVersion !== 0) ctx.addIssue({code: 'custom', path: ['baseVersion'], message: 'a create has baseVersion 0'});
});
export type SyncOp = z.infer<typeof opSchema>;
export type FieldChange = {readonly from: unknown; readonly to: unknown};

export const pushRequestSchema = z.object({
  deviceId: z.string().min(1).max(100),
  ops: z.array(opSchema).min(1).max(MAX_OPS_PER_PUSH),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;


export type OpResult = {
  readonly opId: string;
  readonly status: OpStatus;
  /** The plot's version after the op (the server's current version for a conflict). */
  readonly version: number | null;
  readonly conflictId: string | null;
  /** Why an op was rejected or conflicted, as a code (see REJECT_REASONS / CONFLICT_REASONS). */
  readonly reason: string | null;
  /** For a duplicate: what the op's first delivery returned (applied or conflict). */
  readonly firstStatus?: 'applied' | 'conflict';
};
export type PushResponse = {readonly results: readonly OpResult[]};

export const loginRequestSchema = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(1000),
  deviceName: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export type SessionUser = {readonly name: string; readonly role: Role; readonly team: string | null};
export type LoginResponse = {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly deviceId: string;
  /** Seconds the access token is valid for. */
  readonly expiresIn: number;
  readonly user: SessionUser;
};

export const refreshRequestSchema = z.object({refreshToken: z.string().min(1).max(500)});
export type RefreshResponse = {readonly accessToken: string; readonly expiresIn: number; readonly user: SessionUser};

export const pullQuerySchema = z.object({
  since: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

/** One plot's state at a sequence number; a deleted plot is a tombstone with its last plot. */
export type PlotChange = {
  readonly seq: number;
  readonly plotId: string;
  readonly version: number;
  readonly deleted: boolean;
  readonly plot: SyncPlot | null;
};

export type ConflictField = {readonly field: string; readonly base: unknown; readonly mine: unknown; readonly theirs: unknown};

/** A clash kept for a planner: the op's values (mine), the server's (theirs), what both started from (base). */
export type Conflict = {
  readonly conflictId: string;
  readonly seq: number;
  readonly plotId: string;
  readonly opId: string;
  readonly reason: string;
  readonly fields: readonly ConflictField[];
  readonly user: string;
  readonly deviceId: string;
  readonly createdAt: string;
  readonly resolved: boolean;
  readonly resolvedBy: string | null;
};

export type PullResponse = {
  readonly changes: readonly PlotChange[];
  readonly conflicts: readonly Conflict[];
  /** Pass as `since` next time; every change and conflict up to it has been returned. */
  readonly cursor: number;
  /** True when more is waiting past the cursor (the page was full). */
  readonly more: boolean;
};

export const tallyQuerySchema = z.object({asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').optional()});

/** A 400 body: which field, and why. */
export type BadRequest = {readonly error: 'bad-request'; readonly issues: readonly {readonly field: string; readonly reason: string}[]};

/** zod issues as field paths with reasons, the shape every 400 carries. */
export function badRequest(error: z.ZodError): BadRequest {
  return {error: 'bad-request', issues: error.issues.map((i) => ({field: i.path.map(String).join('.') || '(body)', reason: i.message}))};
}
