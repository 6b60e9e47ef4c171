import {PACK_KINDS} from '../geo/packs/pack-types';
import type {PackRecord} from '../geo/packs/pack-types';

/** Why storing a pack failed: the device is full, it has no file storage, or a write broke. */
export type PackStorageFailure = 'quota' | 'unavailable' | 'io';

export class PackStorageError extends Error {
  constructor(
    readonly reason: PackStorageFailure,
    message: string,
    options?: {cause?: unknown},
  ) {
    super(message, options);
    this.name = 'PackStorageError';
  }
}

/**
 * Where basemap packs live on the device. `writePack` is all or nothing: a failed write
 * leaves no file behind. The index (the list of packs with their descriptions) is written
 * only after the pack file is whole, so a pack is listed only once it can be read.
 */
export type PackStorage = {
  loadIndex(): Promise<PackRecord[]>;
  saveIndex(records: readonly PackRecord[]): Promise<void>;
  writePack(id: string, file: Blob): Promise<void>;
  /**
   * Writes the pack file `id` piece by piece, each piece at the position given (an orthophoto
   * pack's tiles as they are made, then its header at byte 0): all or nothing, like writePack.
   */
  writePackWith(id: string, write: (sink: PackSink) => Promise<void>): Promise<void>;
  readPack(id: string): Promise<Blob>;
  removePack(id: string): Promise<void>;
  /** The pack files present, listed or not (a crash between file and index leaves an orphan). */
  listPackIds(): Promise<string[]>;

  /*
   * A download in progress is a separate partial file (`<id>.part`), never listed and never
   * read as a pack: it survives an interruption (and a reload) so the copy continues where it
   * stopped, and becomes the pack file only after its hash is checked.
   */
  /** Bytes already downloaded for `id` (0 when there is no partial file). */
  partialSize(id: string): Promise<number>;
  /**
   * Writes `chunks` into the partial file from `offset` (what was there past it is dropped).
   * What was written before a failure is kept, so the caller can continue from partialSize.
   */
  writePartial(id: string, offset: number, chunks: ReadableStream<Uint8Array>, onBytes?: (bytes: number) => void): Promise<void>;
  readPartial(id: string): Promise<Blob>;
  /** The checked partial file becomes the pack file `id`. */
  commitPartial(id: string): Promise<void>;
  removePartial(id: string): Promise<void>;
};

/** Writes bytes at a position of a file being made (past its end, the gap is zero-filled). */
export type PackSink = {write(position: number, bytes: Uint8Array): Promise<void>};

export function failureOf(err: unknown): PackStorageFailure {
  if (err instanceof PackStorageError) return err.reason;
  const name = err && typeof err === 'object' && 'name' in err ? String((err as {name: unknown}).name) : '';
  return name === 'QuotaExceededError' ? 'quota' : 'io';
}

/** Keeps records that have every field the app relies on; anything else is dropped. */
export function validRecords(value: unknown): PackRecord[] {
  if (!Array.isArray(value)) return [];
  return value.filter((r): r is PackRecord => {
    if (!r || typeof r !== 'object') return false;
    const p = r as Partial<PackRecord>;
    return typeof p.id === 'string' && /^[\w-]+$/.test(p.id) && typeof p.name === 'string' &&
      (PACK_KINDS as readonly string[]).includes(p.kind ?? '') && typeof p.minZoom === 'number' &&
      typeof p.maxZoom === 'number' && Array.isArray(p.bounds) && p.bounds.length === 4 && typeof p.sizeBytes === 'number';
  });
}

const PACK_DIR = 'basemap-packs';
const INDEX_FILE = 'index.json';
// The name is historical: an MBTiles pack is kept under the same name; its record says which it is.
const packFile = (id: string) => `${id}.pmtiles`;
const partialFile = (id: string) => `${id}.part`;

const storageError = (err: unknown) => (err instanceof PackStorageError ? err : new PackStorageError(failureOf(err), err instanceof Error ? err.message : String(err), {cause: err}));

/**
 * Reads a response body as fast as it arrives into a queue, from the moment it is called.
 * A ReadableStream that errors (a dropped connection) discards the chunks still queued in it,
 * so a body read only between slower disk writes would lose bytes that had in fact arrived;
 * drained at once, everything received before the break is written and kept for the resume.
 */
export function drainEagerly(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> & {cancel(): void} {
  const reader = stream.getReader();
  const queue: Uint8Array[] = [];
  const state: {failure: {error: unknown} | null; finished: boolean; wake: (() => void) | null} = {failure: null, finished: false, wake: null};
  void (async () => {
    try {
      for (;;) {
        const {done, value} = await reader.read();
        if (done) break;
        queue.push(value);
        state.wake?.();
      }
    } catch (error) {
      state.failure = {error};
    }
    state.finished = true;
    state.wake?.();
  })();
  return {
    cancel: () => void reader.cancel().catch(() => undefined),
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (state.failure) throw state.failure.error;
        if (state.finished) return;
        await new Promise<void>((r) => (state.wake = r));
        state.wake = null;
      }
    },
  };
}

/**
 * Packs in the origin-private file system (navigator.storage.getDirectory()): large files the
 * browser can read by range, so a 200 MB pack is never held in memory. A `createWritable`
 * stream writes to a swap file that replaces the real one only on close, and the file is
 * removed if the copy fails (https://fs.spec.whatwg.org/#api-filesystemfilehandle-createwritable).
 */
export function opfsPackStorage(root: () => Promise<FileSystemDirectoryHandle> = () => navigator.storage.getDirectory()): PackStorage {
  const dir = async (): Promise<FileSystemDirectoryHandle> => {
    try {
      return await (await root()).getDirectoryHandle(PACK_DIR, {create: true});
    } catch (err) {
      throw new PackStorageError('unavailable', err instanceof Error ? err.message : String(err), {cause: err});
    }
  };
  const writeWhole = async (d: FileSystemDirectoryHandle, name: string, data: Blob) => {
    const handle = await d.getFileHandle(name, {create: true});
    try {
      const writable = await handle.createWritable();
      // pipeTo closes the stream (committing the file) on success and aborts it on failure.
      await data.stream().pipeTo(writable);
    } catch (err) {
      await d.removeEntry(name).catch(() => undefined);
      throw new PackStorageError(failureOf(err), err instanceof Error ? err.message : String(err), {cause: err});
    }
  };
  return {
    async loadIndex() {
      const d = await dir();
      try {
        const file = await (await d.getFileHandle(INDEX_FILE)).getFile();
        return validRecords(JSON.parse(await file.text()));
      } catch {
        return [];
      }
    },
    async saveIndex(records) {
      await writeWhole(await dir(), INDEX_FILE, new Blob([JSON.stringify(records)], {type: 'application/json'}));
    },
    async writePack(id, file) {
      await writeWhole(await dir(), packFile(id), file);
    },
    async writePackWith(id, write) {
      const d = await dir();
      const name = packFile(id);
      let writable: FileSystemWritableFileStream;
      try {
        writable = await (await d.getFileHandle(name, {create: true})).createWritable();
      } catch (err) {
        await d.removeEntry(name).catch(() => undefined);
        throw storageError(err);
      }
      try {
        await write({write: (position, bytes) => writable.write({type: 'write', position, data: bytes as Uint8Array<ArrayBuffer>})});
        await writable.close();
      } catch (err) {
        // The swap file is dropped: the pack file never appears.
        await writable.abort().catch(() => undefined);
        await d.removeEntry(name).catch(() => undefined);
        throw storageError(err);
      }
    },
    async readPack(id) {
      return (await (await dir()).getFileHandle(packFile(id))).getFile();
    },
    async removePack(id) {
      await (await dir()).removeEntry(packFile(id)).catch((err: unknown) => {
        if ((err as {name?: string})?.name !== 'NotFoundError') throw err;
      });
    },
    async listPackIds() {
      const ids: string[] = [];
      const d = (await dir()) as FileSystemDirectoryHandle & {keys(): AsyncIterable<string>};
      for await (const name of d.keys()) if (name.endsWith('.pmtiles')) ids.push(name.slice(0, -'.pmtiles'.length));
      return ids;
    },
    async partialSize(id) {
      try {
        return (await (await (await dir()).getFileHandle(partialFile(id))).getFile()).size;
      } catch {
        return 0;
      }
    },
    async writePartial(id, offset, body, onBytes) {
      const chunks = drainEagerly(body);
      const d = await dir();
      let writable: FileSystemWritableFileStream;
      try {
        const handle = await d.getFileHandle(partialFile(id), {create: true});
        writable = await handle.createWritable({keepExistingData: true});
        await writable.truncate(offset);
        await writable.seek(offset);
      } catch (err) {
        chunks.cancel();
        throw storageError(err);
      }
      try {
        for await (const value of chunks) {
          try {
            await writable.write(value as Uint8Array<ArrayBuffer>);
          } catch (err) {
            // The disk is full (or broke): what was written is useless without room for the rest.
            chunks.cancel();
            await writable.abort().catch(() => undefined);
            await d.removeEntry(partialFile(id)).catch(() => undefined);
            throw storageError(err);
          }
          onBytes?.(value.length);
        }
      } catch (err) {
        if (err instanceof PackStorageError) throw err;
        // The connection broke: keep what arrived (close commits it) and let the caller continue.
        await writable.close().catch(() => undefined);
        throw err;
      }
      await writable.close();
    },
    async readPartial(id) {
      return (await (await dir()).getFileHandle(partialFile(id))).getFile();
    },
    async commitPartial(id) {
      const d = await dir();
      const handle = (await d.getFileHandle(partialFile(id))) as FileSystemFileHandle & {move?: (name: string) => Promise<void>};
      if (typeof handle.move === 'function') {
        try {
          await handle.move(packFile(id));
          return;
        } catch {
          // fall back to a copy
        }
      }
      await writeWhole(d, packFile(id), await handle.getFile());
      await d.removeEntry(partialFile(id)).catch(() => undefined);
    },
    async removePartial(id) {
      await (await dir()).removeEntry(partialFile(id)).catch(() => undefined);
    },
  };
}

/** In memory, for tests and for browsers with no file system: `failWrite` simulates a full disk. */
export function memoryPackStorage(options: {failWrite?: (id: string) => Error | null} = {}): PackStorage & {files: Map<string, Blob>; partials: Map<string, Blob>; index: PackRecord[]} {
  const files = new Map<string, Blob>();
  const partials = new Map<string, Blob>();
  const store = {
    files,
    partials,
    index: [] as PackRecord[],
    async loadIndex() {
      return validRecords(JSON.parse(JSON.stringify(store.index)));
    },
    async saveIndex(records: readonly PackRecord[]) {
      store.index = [...records];
    },
    async writePack(id: string, file: Blob) {
      const err = options.failWrite?.(id);
      if (err) throw new PackStorageError(failureOf(err), err.message, {cause: err});
      files.set(id, file);
    },
    async writePackWith(id: string, write: (sink: PackSink) => Promise<void>) {
      const pieces: {position: number; bytes: Uint8Array}[] = [];
      try {
        await write({
          write: async (position, bytes) => {
            const err = options.failWrite?.(id);
            if (err) throw new PackStorageError(failureOf(err), err.message, {cause: err});
            pieces.push({position, bytes: bytes.slice()});
          },
        });
      } catch (err) {
        throw storageError(err);
      }
      const out = new Uint8Array(Math.max(0, ...pieces.map((p) => p.position + p.bytes.length)));
      for (const p of pieces) out.set(p.bytes, p.position);
      files.set(id, new Blob([out]));
    },
    async readPack(id: string) {
      const f = files.get(id);
      if (!f) throw new PackStorageError('io', `no pack ${id}`);
      return f;
    },
    async removePack(id: string) {
      files.delete(id);
    },
    async listPackIds() {
      return [...files.keys()];
    },
    async partialSize(id: string) {
      return partials.get(id)?.size ?? 0;
    },
    async writePartial(id: string, offset: number, chunks: ReadableStream<Uint8Array>, onBytes?: (bytes: number) => void) {
      const kept = (partials.get(id) ?? new Blob([])).slice(0, offset);
      const parts: BlobPart[] = [kept];
      const reader = chunks.getReader();
      let full = false;
      try {
        for (;;) {
          const {done, value} = await reader.read();
          if (done) break;
          const err = options.failWrite?.(id);
          if (err) {
            full = true;
            throw new PackStorageError(failureOf(err), err.message, {cause: err});
          }
          parts.push(value as Uint8Array<ArrayBuffer>);
          onBytes?.(value.length);
        }
      } finally {
        // As on the device: a full disk drops the partial file, a broken connection keeps it.
        if (full) partials.delete(id);
        else partials.set(id, new Blob(parts));
      }
    },
    async readPartial(id: string) {
      const f = partials.get(id);
      if (!f) throw new PackStorageError('io', `no partial ${id}`);
      return f;
    },
    async commitPartial(id: string) {
      files.set(id, await store.readPartial(id));
      partials.delete(id);
    },
    async removePartial(id: string) {
      partials.delete(id);
    },
  };
  return store;
}
