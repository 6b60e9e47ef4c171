import type {RangeResponse, Source} from 'pmtiles';

/**
 * A PMTiles byte source over a Blob (a picked File, or a file in the origin-private file
 * system): like pmtiles' FileSource, but keyed by the caller so one pack keeps one cache entry
 * whatever its file is called.
 */
export class BlobSource implements Source {
  constructor(
    private readonly blob: Blob,
    private readonly key: string,
  ) {}

  getKey(): string {
    return this.key;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    return {data: await this.blob.slice(offset, offset + length).arrayBuffer()};
  }
}
