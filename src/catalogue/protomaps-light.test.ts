import {writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {layers, namedFlavor} from '@protomaps/basemaps';
import {describe, expect, it} from 'vitest';
import {PROTOMAPS_SOURCE} from './packs';
import {FONT_STACK} from './style-helpers';
import shipped from './protomaps-light.json';

/** What @protomaps/basemaps makes for a pack: its light flavor, in the app's one font, Chinese names. */
const generated = (source = PROTOMAPS_SOURCE) => layers(source, {...namedFlavor('light'), regular: FONT_STACK[0], bold: FONT_STACK[0], italic: FONT_STACK[0]}, {lang: 'zh-Hans'});

describe('the Protomaps style a basemap pack is drawn with', () => {
  // The builder is not shipped (6.6 kB gzip of the first JavaScript, issue 11): its output is.
  it('is what @protomaps/basemaps makes (REGEN=1 writes it again after an upgrade)', () => {
    if (process.env.REGEN) writeFileSync(fileURLToPath(new URL('./protomaps-light.json', import.meta.url)), `${JSON.stringify(generated(), null, 1)}\n`);
    expect(shipped).toEqual(JSON.parse(JSON.stringify(generated())));
  });

  it('names its source only in the layers’ source, so a pack’s layers are the same with its own source', () => {
    const own = JSON.parse(JSON.stringify(generated('pack:abc'))) as {source?: string}[];
    expect(own).toEqual(shipped.map((l) => ('source' in l ? {...l, source: 'pack:abc'} : l)));
  });
});
