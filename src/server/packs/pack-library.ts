import {createHash, randomUUID} from 'node:crypto';
import {createWriteStream, mkdirSync, openAsBlob} from 'node:fs';
import {readFile, readdir, rename, rm, stat, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {Transform} from 'node:stream';
import {z} from 'zod';
import {describePackFile} from '../../geo/packs/describe-pack';
import {loadSqlWasmFromNodeModules} from '../../geo/import/sql-wasm-node';
import type {PackProblem} from '../../geo/packs/inspect-pack';
import {TEAM_PACK_SCHEMA, type TeamPack} from '../../sync/packs-protocol';

/*
 * The team server's basemap packs: plain files in `<data dir>/packs/` (`<id>.pack` and its
 * description `<id>.json`), not database rows. Packs are hundreds of MB, read by range, and
 * the same on SQLite and PostgreSQL servers; keeping them out of the Store means its two
 * implementations need no change. An upload streams to a temporary file while its SHA-256 is
 * computed and its size counted, is inspected like an import on a device, and is renamed into
 * place only when whole and valid: a cut-off or refused upload leaves nothing listed.
 */

export type UploadResult =
  | {readonly ok: true; readonly pack: TeamPack}
  | {readonly ok: false; readonly reason: 'too-large'; readonly maxBytes: number}
  | {readonly ok: false; readonly reason: 'invalid'; readonly problem: PackProblem};

class TooLarge extends Error {}

const ID = /^[\w-]{1,64}$/;

export class PackLibrary {
  constructor(readonly dir: string) {
    mkdirSync(dir, {recursive: true});
  }

  filePath(id: string): string {
    if (!ID.test(id)) throw new Error(`bad pack id ${id}`);
    return join(this.dir, `${id}.pack`);
  }

  private metaPath(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  /** Every pack whose file and description are both present, newest first. */
  async list(): Promise<TeamPack[]> {
    const packs: TeamPack[] = [];
    for (const name of await readdir(this.dir)) {
      if (!name.endsWith('.json')) continue;
      const pack = await this.get(name.slice(0, -'.json'.length));
      if (pack) packs.push(pack);
    }
    return packs.sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt) || a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<TeamPack | null> {
    if (!ID.test(id)) return null;
    try {
      const parsed = TEAM_PACK_SCHEMA.safeParse(JSON.parse(await readFile(this.metaPath(id), 'utf8')));
      if (!parsed.success) return null;
      const size = (await stat(this.filePath(id))).size;
      return size === parsed.data.sizeBytes ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** Streams `body` in, refusing it past `maxBytes`; lists it only if it is a pack the app can use. */
  async add(body: Readable, options: {name: string | null; source: string | null; fileName: string; maxBytes: number; uploadedBy: string; now: Date}): Promise<UploadResult> {
    const id = randomUUID();
    const temp = join(this.dir, `.upload-${id}`);
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        body,
        new Transform({
          transform(chunk: Buffer, _enc, done) {
            size += chunk.length;
            if (size > options.maxBytes) return done(new TooLarge());
            hash.update(chunk);
            done(null, chunk);
          },
        }),
        createWriteStream(temp),
      );
    } catch (err) {
      await rm(temp, {force: true});
      if (err instanceof TooLarge) return {ok: false, reason: 'too-large', maxBytes: options.maxBytes};
      throw err;
    }
    try {
      const described = await describePackFile(await openAsBlob(temp), loadSqlWasmFromNodeModules);
      if (!described.ok) return {ok: false, reason: 'invalid', problem: described.problem};
      const d = described.pack;
      const pack: TeamPack = {
        id,
        name: (options.name || d.title || options.fileName.replace(/\.(pmtiles|mbtiles)$/i, '') || id).slice(0, 200),
        container: described.container,
        kind: d.kind,
        tileFormat: d.tileFormat,
        bounds: [...d.bounds],
        minZoom: d.minZoom,
        maxZoom: d.maxZoom,
        sizeBytes: size,
        sha256: hash.digest('hex'),
        uploadedAt: options.now.toISOString(),
        dataDate: d.dataDate,
        source: (options.source || d.attribution || '').slice(0, 300),
        fileName: options.fileName.slice(0, 200),
        uploadedBy: options.uploadedBy,
      };
      await rename(temp, this.filePath(id));
      // The description is written last: a pack is listed only once its file is in place.
      await writeFile(join(this.dir, `.${id}.json`), JSON.stringify(pack));
      await rename(join(this.dir, `.${id}.json`), this.metaPath(id));
      return {ok: true, pack};
    } finally {
      await rm(temp, {force: true});
    }
  }

  async remove(id: string): Promise<boolean> {
    if (!(await this.get(id))) return false;
    await rm(this.metaPath(id), {force: true});
    await rm(this.filePath(id), {force: true});
    return true;
  }
}

export const packIdSchema = z.string().regex(ID);
