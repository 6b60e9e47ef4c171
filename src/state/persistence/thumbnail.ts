/** A decoded image; `close` frees its pixels, which matters with 12-megapixel camera photos on a phone. */
export type DecodedImage = {readonly width: number; readonly height: number; close(): void};

/** What making a thumbnail needs from the platform: the browser's by default, a stand-in in node tests. */
export type ImagePlatform = {
  decode(blob: Blob): Promise<DecodedImage>;
  /** Draws the image scaled to width × height and encodes it as JPEG. */
  encodeJpeg(image: DecodedImage, width: number, height: number, quality: number): Promise<Blob>;
};

/** The browser's platform (createImageBitmap + OffscreenCanvas), or null where either is missing. */
export function browserImagePlatform(): ImagePlatform | null {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') return null;
  return {
    // 'from-image' applies the EXIF rotation phones write instead of rotating the pixels.
    decode: (blob) => createImageBitmap(blob, {imageOrientation: 'from-image'}),
    encodeJpeg: (image, width, height, quality) => {
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d');
      if (!context) return Promise.reject(new Error('No 2D canvas context for the thumbnail'));
      context.drawImage(image as ImageBitmap, 0, 0, width, height);
      return canvas.convertToBlob({type: 'image/jpeg', quality});
    },
  };
}

/** Width and height in pixels that fit `maxEdgePixels` with the aspect ratio kept; never enlarges. */
export function thumbnailSize(width: number, height: number, maxEdgePixels: number): {width: number; height: number} {
  const scale = Math.min(1, maxEdgePixels / Math.max(width, height, 1));
  return {width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale))};
}

/**
 * A small JPEG of a photo (longest edge 320 px by default) so lists and the map show photos
 * without decoding the originals. Rejects where the platform cannot decode images.
 */
export async function thumbnailOf(
  photo: Blob,
  options: {maxEdgePixels?: number; quality?: number; platform?: ImagePlatform | null} = {},
): Promise<Blob> {
  const platform = options.platform === undefined ? browserImagePlatform() : options.platform;
  if (!platform) throw new Error('This browser cannot make thumbnails (no createImageBitmap/OffscreenCanvas)');
  const image = await platform.decode(photo);
  try {
    const {width, height} = thumbnailSize(image.width, image.height, options.maxEdgePixels ?? 320);
    return await platform.encodeJpeg(image, width, height, options.quality ?? 0.7);
  } finally {
    image.close();
  }
}
