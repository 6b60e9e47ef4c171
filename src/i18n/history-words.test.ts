import {describe, expect, it} from 'vitest';
import type {Plot, PlotProperties} from '../geo/plot';
import {historyText} from './history-words';

const plot = (properties: Partial<PlotProperties> = {}, side = 0.001): Plot => ({
  type: 'Feature',
  geometry: {type: 'Polygon', coordinates: [[[101.6, 36.9], [101.6 + side, 36.9], [101.6 + side, 36.9 + side], [101.6, 36.9]]]},
  properties: {id: 'p1', name: 'Gangou A', zone: 'other', measure: 'cover-regreen', status: 'in_progress', completed: null, team: 'team 1', notes: '', updated: '2025-06-01T00:00:00.000Z', ...properties},
});

describe('history entries in words', () => {
  it('says which fields changed, from what to what, in Chinese with Chinese punctuation', () => {
    const before = plot();
    const after = plot({status: 'remediated', completed: '2025-08-31', notes: 'fenced'});
    expect(historyText({action: 'update', before, after}, 'zh')).toBe('状态：施工中 → 已治理（自报）；完成日期：（空） → 2025-08-31；备注已修改');
    expect(historyText({action: 'update', before, after}, 'en')).toBe('Status: In progress → Remediated (claimed); Completed: (empty) → 2025-08-31; Notes changed');
  });

  it('words a shape edit, creation, deletion, photos and undo', () => {
    expect(historyText({action: 'update', before: plot(), after: plot({}, 0.002)}, 'zh')).toBe('边界形状已修改');
    expect(historyText({action: 'create', before: null, after: plot()}, 'zh')).toBe('新建地块');
    expect(historyText({action: 'delete', before: plot(), after: null}, 'en')).toBe('Plot deleted');
    expect(historyText({action: 'photo-remove', before: plot(), after: plot()}, 'zh')).toBe('删除照片');
    expect(historyText({action: 'undo', before: plot({name: 'B'}), after: plot()}, 'en')).toBe('Undone: Name: B → Gangou A');
    expect(historyText({action: 'undo', before: null, after: plot()}, 'zh')).toBe('撤销：恢复地块');
  });

  it('names a zone through the caller and never shows codes such as "update" or "v4"', () => {
    const text = historyText({action: 'update', before: plot(), after: plot({zone: 'dt-gangou', measure: 'slope'})}, 'zh', (id) => (id === 'dt-gangou' ? '甘沟' : id));
    expect(text).toBe('治理措施：沉陷坑覆土复绿 → 边坡治理；沉陷区：other → 甘沟');
    expect(text).not.toMatch(/update|v\d/);
  });
});
