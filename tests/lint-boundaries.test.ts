import {describe, expect, it} from 'vitest';
import {ESLint} from 'eslint';

// The layering rule is only worth having if it bites: lint sample sources as if they lived
// in each folder and expect the restricted imports to be reported.
const eslint = new ESLint({cwd: new URL('..', import.meta.url).pathname});
const errorsFor = async (code: string, filePath: string) =>
  (await eslint.lintText(code, {filePath}))[0]!.messages.filter((m) => m.ruleId === 'no-restricted-imports');

describe('layer boundaries lint rule', () => {
  it.each(['src/geo/x.ts', 'src/catalogue/x.ts', 'src/state/x.ts'])('keeps React and MapLibre out of %s', async (file) => {
    expect(await errorsFor("import {useState} from 'react';\nexport const a = useState;\n", file)).toHaveLength(1);
    expect(await errorsFor("import * as m from 'maplibre-gl';\nexport const a = m;\n", file)).toHaveLength(1);
  });

  it('lets only src/map import maplibre-gl', async () => {
    expect(await errorsFor("import * as m from 'maplibre-gl';\nexport const a = m;\n", 'src/ui/x.tsx')).toHaveLength(1);
    expect(await errorsFor("import * as m from 'maplibre-gl';\nexport const a = m;\n", 'src/map/x.tsx')).toHaveLength(0);
  });
});
