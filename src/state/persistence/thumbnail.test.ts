import {describe, expect, it} from 'vitest';
import {thumbnailOf, thumbnailSize, type DecodedImage, type ImagePlatform} from './thumbnail';

/** A platform that "decodes" any blob as a photo of the given size and encodes a JPEG naming the size drawn. */
function fakePlatform(width: number, height: number, failEncoding = false): {platform: ImagePlatform; closed: () => boolean} {
  let closed = false;
  const image: DecodedImage = {width, height, close: () => void (closed = true)};
  return {
    platform: {
      decode: async () => image,
      encodeJpeg: async (_image, w, h, quality) => {
        if (failEncoding) throw new Error('out of memory');
        return new Blob([`${w}x${h}@${quality}`], {type: 'image/jpeg'});
      },
    },
    closed: () => closed,
  };
}

describe('thumbnails', () => {
  it('fits the longest edge and keeps the aspect ratio, never enlarging', () => {
    expect(thumbnailSize(4000, 3000, 320)).toEqual({width: 320, height: 240});
    expect(thumbnailSize(3000, 4000, 320)).toEqual({width: 240, height: 320});
    expect(thumbnailSize(200, 100, 320)).toEqual({width: 200, height: 100});
    expect(thumbnailSize(10000, 1, 320)).toEqual({width: 320, height: 1});
  });

  it('makes a small JPEG of a camera photo and frees the decoded image', async () => {
    const {platform, closed} = fakePlatform(4032, 3024);
    const thumbnail = await thumbnailOf(new Blob(['raw photo']), {platform});
    expect(thumbnail.type).toBe('image/jpeg');
    expect(await thumbnail.text()).toBe('320x240@0.7');
    expect(closed()).toBe(true);
  });

  it('frees the decoded image even when encoding fails', async () => {
    const {platform, closed} = fakePlatform(4032, 3024, true);
    await expect(thumbnailOf(new Blob(['raw']), {platform})).rejects.toThrow('out of memory');
    expect(closed()).toBe(true);
  });

  it('rejects where the platform cannot decode images', async () => {
    await expect(thumbnailOf(new Blob(['raw']), {platform: null})).rejects.toThrow(/cannot make thumbnails/);
  });
});
