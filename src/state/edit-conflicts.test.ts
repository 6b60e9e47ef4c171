import 'fake-indexeddb/auto';
import {IDBFactory} from 'fake-indexeddb';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {Plot, PlotProperties} from '../geo/plot';
import {inMemoryCrossTabHub} from './persistence/cross-tab';
import {PlotRepository} from './persistence/plot-repository';
import {conflictMerge} from './conflicts-slice';
import {importMatches} from './import-slice';
import {MemoryStorage} from './memory-storage';
import {selectNotSavedPlots, selectSaveState, selectTally} from './selectors';
import {createAppStore} from './store';

type Store = ReturnType<typeof createAppStore>;

function plotFixture(id: string, properties: Partial<PlotProperties> = {}, side = 0.001): Plot {
  return {
    type: 'Feature',
    geometry: {type: 'Polygon', coordinates: [[[101.6, 36.9], [101.6 + side, 36.9], [101.6 + side, 36.9 + side], [101.6, 36.9 + side], [101.6, 36.9]]]},
    properties: {
      id, name: `Plot ${id}`, zone: 'other', measure: 'cover-regreen', status: 'in_progress', completed: null,
      team: 'team-a', notes: '', updated: '2025-06-01T00:00:00.000Z', ...properties,
    },
  };
}

const opened: PlotRepository[] = [];
afterEach(() => {
  for (const r of opened.splice(0)) r.close();
});

/** Two tabs of one device: two stores, two repositories on one database, one channel hub. */
async function twoTabs(connected = true): Promise<{factory: IDBFactory; a: Store; b: Store}> {
  const factory = new IDBFactory();
  const hub = inMemoryCrossTabHub();
  const tab = async () => {
    const repo = await PlotRepository.open({factory, actor: 'team-a', channel: connected ? hub.channel() : inMemoryCrossTabHub().channel()});
    opened.push(repo);
    const store = createAppStore(new MemoryStorage());
    await store.getState().connectRepository(repo);
    return store;
  };
  return {factory, a: await tab(), b: await tab()};
}

/** What is on disk, read by a third connection. */
async function storedPlot(factory: IDBFactory, id: string) {
  const repo = await PlotRepository.open({factory, actor: 'reader', channel: inMemoryCrossTabHub().channel()});
  opened.push(repo);
  return (await repo.loadAll()).find((r) => r.plot.properties.id === id) ?? null;
}

const edit = (plot: Plot, properties: Partial<PlotProperties>): Plot => ({...plot, properties: {...plot.properties, ...properties}});

/** Saves through the form the way PlotForm does: against the version the form was opened with. */
async function saveForm(store: Store, properties: Partial<PlotProperties>) {
  const form = store.getState().form!;
  return store.getState().savePlot(edit(form.plot, properties), {baseVersion: form.baseVersion ?? null, basePlot: form.basePlot ?? null, origin: 'form'});
}

async function settle(store: Store, id: string, version: number) {
  for (let i = 0; i < 50 && store.getState().plots[id]?.version !== version; i++) await new Promise((r) => setTimeout(r, 5));
}

describe('two tabs editing one plot', () => {
  it('turns a stale form save into a conflict and writes nothing (the notes-only edit that reverted a status)', async () => {
    const {factory, a, b} = await twoTabs();
    await a.getState().savePlot(plotFixture('p1'), {baseVersion: null});
    await settle(b, 'p1', 1);
    // Tab B opens the form on version 1, then tab A marks the plot remediated.
    b.getState().openForm({plot: b.getState().plots.p1!.plot, isNew: false});
    await a.getState().savePlot(edit(a.getState().plots.p1!.plot, {status: 'remediated', completed: '2025-06-30'}), {baseVersion: 1});
    await settle(b, 'p1', 2);

    const result = await saveForm(b, {notes: 'fence repaired'});
    expect(result).toMatchObject({ok: false, reason: 'conflict'});
    expect((await storedPlot(factory, 'p1'))?.plot.properties).toMatchObject({status: 'remediated', completed: '2025-06-30', notes: ''});
    const conflict = b.getState().conflicts[0]!;
    expect(conflict).toMatchObject({plotId: 'p1', origin: 'form', theirsVersion: 2});
    expect(conflict.mine?.properties.notes).toBe('fence repaired');
    expect(conflict.theirs?.properties.status).toBe('remediated');
    // B shows what is stored, saved, while the choice waits.
    expect(b.getState().plots.p1!.plot.properties.status).toBe('remediated');
    expect(selectSaveState(b.getState(), 'p1')).toEqual({state: 'saved'});

    // Merging keeps A's status and date with B's notes, as one new version.
    await b.getState().resolveConflict('p1', {fields: {notes: 'mine', status: 'theirs'}});
    const merged = await storedPlot(factory, 'p1');
    expect(merged?.version).toBe(3);
    expect(merged?.plot.properties).toMatchObject({status: 'remediated', completed: '2025-06-30', notes: 'fence repaired'});
    expect(b.getState().conflicts).toEqual([]);
  });

  it('“take theirs” writes nothing; “keep mine” overwrites knowingly', async () => {
    const {factory, a, b} = await twoTabs();
    await a.getState().savePlot(plotFixture('p1'), {baseVersion: null});
    await settle(b, 'p1', 1);
    b.getState().openForm({plot: b.getState().plots.p1!.plot, isNew: false});
    await a.getState().savePlot(edit(a.getState().plots.p1!.plot, {name: 'A name'}), {baseVersion: 1});
    await saveForm(b, {name: 'B name'});
    await b.getState().resolveConflict('p1', 'theirs');
    expect(await storedPlot(factory, 'p1')).toMatchObject({version: 2, plot: {properties: {name: 'A name'}}});

    b.getState().openForm({plot: b.getState().plots.p1!.plot, isNew: false});
    await a.getState().savePlot(edit(a.getState().plots.p1!.plot, {name: 'A again'}), {baseVersion: 2});
    await saveForm(b, {name: 'B wins'});
    expect(b.getState().conflicts).toHaveLength(1);
    await b.getState().resolveConflict('p1', 'mine');
    expect(await storedPlot(factory, 'p1')).toMatchObject({version: 4, plot: {properties: {name: 'B wins'}}});
  });

  it('keeps the photos taken with a refused edit and adds them once the conflict is decided', async () => {
    const {a, b} = await twoTabs();
    await a.getState().savePlot(plotFixture('p1'), {baseVersion: null});
    await settle(b, 'p1', 1);
    b.getState().openForm({plot: b.getState().plots.p1!.plot, isNew: false});
    await a.getState().savePlot(edit(a.getState().plots.p1!.plot, {name: 'A name'}), {baseVersion: 1});
    await saveForm(b, {name: 'B name'});
    const blob = new Blob([new Uint8Array([0xff, 0xd8, 0xff])], {type: 'image/jpeg'});
    b.getState().attachConflictPhotos('p1', [{id: 'ph1', plotId: 'p1', name: 'fence.jpg', type: 'image/jpeg', takenAt: '2025-07-01T00:00:00.000Z', blob, thumbnail: blob}]);
    expect(await b.getState().loadPhotos('p1')).toEqual([]);
    await b.getState().resolveConflict('p1', 'theirs');
    expect((await b.getState().loadPhotos('p1')).map((p) => p.name)).toEqual(['fence.jpg']);
    expect(b.getState().plots.p1!.plot.properties.name).toBe('A name');
  });

  it('a third save during the choice is a new conflict, not an overwrite', async () => {
    const {factory, a, b} = await twoTabs();
    await a.getState().savePlot(plotFixture('p1'), {baseVersion: null});
    await settle(b, 'p1', 1);
    b.getState().openForm({plot: b.getState().plots.p1!.plot, isNew: false});
    await a.getState().savePlot(edit(a.getState().plots.p1!.plot, {team: 'team-b'}), {baseVersion: 1});
    await saveForm(b, {team: 'team-c'});
    await a.getState().savePlot(edit(a.getState().plots.p1!.plot, {team: 'team-d'}), {baseVersion: 2});
    const result = await b.getState().resolveConflict('p1', 'mine');
    expect(result).toMatchObject({ok: false, reason: 'conflict'});
    expect(b.getState().conflicts[0]).toMatchObject({theirsVersion: 3, theirs: {properties: {team: 'team-d'}}});
    expect((await storedPlot(factory, 'p1'))?.plot.properties.team).toBe('team-d');
  });

  it('checks a shape edit against the version it started from', async () => {
    const {factory, a, b} = await twoTabs();
    await a.getState().savePlot(plotFixture('p1'), {baseVersion: null});
    await settle(b, 'p1', 1);
    b.getState().setTool('edit-shape', 'p1');
    await a.getState().savePlot(edit(a.getState().plots.p1!.plot, {name: 'renamed in A'}), {baseVersion: 1});
    await settle(b, 'p1', 2);
    // Save shape saves in one step (the details are complete): no form, checked against version 1.
    expect(b.getState().finishShape(plotFixture('p1', {}, 0.002).geometry, () => plotFixture('new'))).toBe(true);
    expect(b.getState().form).toBeNull();
    await vi.waitFor(() => expect(b.getState().conflicts).toHaveLength(1));
    expect(b.getState().conflicts[0]).toMatchObject({origin: 'shape', mine: {properties: {name: 'Plot p1'}}});
    // Shape from B, name from A: no field changed on both sides, so the suggestion is the merge.
    const merge = conflictMerge(b.getState().conflicts[0]!)!;
    expect(merge.conflicting).toEqual([]);
    await b.getState().resolveConflict('p1', {fields: Object.fromEntries(merge.fields.map((f) => [f.field, f.suggested]))});
    const stored = await storedPlot(factory, 'p1');
    expect(stored?.plot.properties.name).toBe('renamed in A');
    expect(stored?.plot.geometry).toEqual(plotFixture('p1', {}, 0.002).geometry);
    expect(b.getState().conflicts).toEqual([]);
  });

  it('saves an edited outline in one step, and opens the form only when a required field is missing', async () => {
    const {factory, a} = await twoTabs();
    await a.getState().savePlot(plotFixture('p1'), {baseVersion: null});
    await a.getState().savePlot(plotFixture('p2', {team: ''}), {baseVersion: null});
    await settle(a, 'p2', 1);
    a.getState().setTool('edit-shape', 'p1');
    expect(a.getState().finishShape(plotFixture('p1', {}, 0.002).geometry, () => plotFixture('new'))).toBe(true);
    expect(a.getState().form).toBeNull();
    expect(a.getState().tool).toBe('none');
    await vi.waitFor(async () => expect((await storedPlot(factory, 'p1'))?.version).toBe(2));
    expect((await storedPlot(factory, 'p1'))?.plot.geometry).toEqual(plotFixture('p1', {}, 0.002).geometry);

    a.getState().setTool('edit-shape', 'p2');
    expect(a.getState().finishShape(plotFixture('p2', {}, 0.002).geometry, () => plotFixture('new'))).toBe(true);
    expect(a.getState().form).toMatchObject({isNew: false, baseVersion: 1, origin: 'shape'});
    expect((await storedPlot(factory, 'p2'))?.version).toBe(1);
  });

  it('offers a stale delete as a conflict and deletes only when chosen', async () => {
    const {factory, a, b} = await twoTabs();
    await a.getState().savePlot(plotFixture('p1'), {baseVersion: null});
    await settle(b, 'p1', 1);
    const seen = b.getState().plots.p1!;
    await a.getState().savePlot(edit(seen.plot, {notes: 'new notes'}), {baseVersion: 1});
    const result = await b.getState().deletePlot('p1', {baseVersion: seen.version, basePlot: seen.plot});
    expect(result).toMatchObject({ok: false, reason: 'conflict'});
    expect(b.getState().conflicts[0]).toMatchObject({mine: null, theirsVersion: 2});
    expect(await storedPlot(factory, 'p1')).not.toBeNull();
    await b.getState().resolveConflict('p1', 'mine');
    expect(await storedPlot(factory, 'p1')).toBeNull();
  });

  it('does not let undo in a stale tab revert the other tab’s save', async () => {
    // Tabs that do not hear each other: B undoes before it learns of A's save.
    const {factory, a, b} = await twoTabs(false);
    await b.getState().savePlot(plotFixture('p1'), {baseVersion: null});
    await b.getState().savePlot(edit(b.getState().plots.p1!.plot, {name: 'B rename'}), {baseVersion: 1});
    await a.getState().reloadPlots();
    await a.getState().savePlot(edit(a.getState().plots.p1!.plot, {status: 'remediated', completed: '2025-07-01'}), {baseVersion: 2});
    b.getState().selectPlot('p1');
    const result = await b.getState().undo();
    expect(result).toMatchObject({ok: false, reason: 'conflict'});
    expect(await storedPlot(factory, 'p1')).toMatchObject({version: 3, plot: {properties: {status: 'remediated', name: 'B rename'}}});
    // What the undo would have restored (the name before B's rename) against what is stored.
    expect(b.getState().conflicts[0]).toMatchObject({origin: 'undo', mine: {properties: {name: 'Plot p1'}}, theirs: {properties: {status: 'remediated'}}});
  });
});

describe('undo and redo in one tab', () => {
  it('redoes an undone edit and an undone creation against the version the undo left', async () => {
    const {factory, a} = await twoTabs(false);
    await a.getState().savePlot(plotFixture('p1'), {baseVersion: null});
    await a.getState().savePlot(edit(a.getState().plots.p1!.plot, {name: 'renamed'}), {baseVersion: 1});
    a.getState().selectPlot('p1');
    await a.getState().undo();
    expect((await storedPlot(factory, 'p1'))?.plot.properties.name).toBe('Plot p1');
    expect(await a.getState().redo()).toMatchObject({ok: true, record: {version: 4}});
    expect((await storedPlot(factory, 'p1'))?.plot.properties.name).toBe('renamed');

    await a.getState().savePlot(plotFixture('p2'), {baseVersion: null});
    a.getState().selectPlot('p2');
    await a.getState().undo();
    expect(await storedPlot(factory, 'p2')).toBeNull();
    expect(await a.getState().redo()).toMatchObject({ok: true});
    expect(await storedPlot(factory, 'p2')).not.toBeNull();
    expect(a.getState().conflicts).toEqual([]);
  });
});

describe('re-importing plots already on the device', () => {
  it('lists matches with what differs and skips them unless told otherwise', async () => {
    const {factory, a} = await twoTabs();
    await a.getState().savePlot(plotFixture('p1'), {baseVersion: null});
    const incoming = [plotFixture('p1', {status: 'remediated', completed: '2025-01-02'}, 0.002), plotFixture('p2')];
    const matches = importMatches(incoming, a.getState().storedPlots);
    expect(matches.map((m) => [m.id, m.differing])).toEqual([['p1', ['geometry', 'status']]]);
    expect(matches[0]!.areaAfterSquareMeters / matches[0]!.areaBeforeSquareMeters).toBeCloseTo(4, 2);

    const outcomes = await a.getState().commitImport(incoming, matches, 'skip');
    expect(outcomes.map((o) => o.action)).toEqual(['skipped', 'created']);
    expect(await storedPlot(factory, 'p1')).toMatchObject({version: 1, plot: {properties: {status: 'in_progress'}}});
    expect(await storedPlot(factory, 'p2')).not.toBeNull();
  });

  it('imports matches as new plots with new ids, leaving the existing ones alone', async () => {
    const {factory, a} = await twoTabs();
    await a.getState().savePlot(plotFixture('p1'), {baseVersion: null});
    const incoming = [plotFixture('p1', {name: 'from file'})];
    const outcomes = await a.getState().commitImport(incoming, importMatches(incoming, a.getState().storedPlots), 'as-new', () => 'fresh-id');
    expect(outcomes[0]).toMatchObject({action: 'created', result: {ok: true}});
    expect((await storedPlot(factory, 'p1'))?.plot.properties.name).toBe('Plot p1');
    expect((await storedPlot(factory, 'fresh-id'))?.plot.properties.name).toBe('from file');
  });

  it('updates matches as one history entry each, and undo brings the old plot back', async () => {
    const {factory, a} = await twoTabs();
    await a.getState().savePlot(plotFixture('p1'), {baseVersion: null});
    const incoming = [plotFixture('p1', {name: 'from file', status: 'remediated', completed: '2025-03-04'})];
    await a.getState().commitImport(incoming, importMatches(incoming, a.getState().storedPlots), 'update');
    expect(await storedPlot(factory, 'p1')).toMatchObject({version: 2, plot: {properties: {name: 'from file'}}});
    const history = await a.getState().loadHistory('p1');
    expect(history.map((h) => h.action)).toEqual(['create', 'update']);
    a.getState().selectPlot('p1');
    await a.getState().undo();
    expect((await storedPlot(factory, 'p1'))?.plot.properties).toMatchObject({name: 'Plot p1', status: 'in_progress'});
  });

  it('an update whose plot changed after the report is a conflict', async () => {
    const {factory, a, b} = await twoTabs();
    await a.getState().savePlot(plotFixture('p1'), {baseVersion: null});
    const incoming = [plotFixture('p1', {name: 'from file'})];
    const matches = importMatches(incoming, a.getState().storedPlots);
    await settle(b, 'p1', 1);
    await b.getState().savePlot(edit(b.getState().plots.p1!.plot, {notes: 'edited in B'}), {baseVersion: 1});
    const [outcome] = await a.getState().commitImport(incoming, matches, 'update');
    expect(outcome!.result).toMatchObject({ok: false, reason: 'conflict'});
    expect(a.getState().conflicts[0]).toMatchObject({origin: 'import'});
    expect((await storedPlot(factory, 'p1'))?.plot.properties.notes).toBe('edited in B');
  });
});

describe('figures count what is stored', () => {
  it('leaves a plot whose write failed out of the total and counts it apart', async () => {
    const store = createAppStore(new MemoryStorage());
    // No database: every write fails.
    await store.getState().savePlot(plotFixture('p1', {status: 'remediated', completed: '2025-01-01'}), {baseVersion: null});
    expect(store.getState().plots.p1).toBeDefined();
    expect(selectTally(store.getState(), '2026-01-01').remediatedSquareMeters).toBe(0);
    expect(selectNotSavedPlots(store.getState()).map((p) => p.properties.id)).toEqual(['p1']);
  });

  it('counts an unsaved edit as its last stored version', async () => {
    const {a} = await twoTabs();
    await a.getState().savePlot(plotFixture('p1', {status: 'remediated', completed: '2025-01-01'}), {baseVersion: null});
    const before = selectTally(a.getState(), '2026-01-01').remediatedSquareMeters;
    expect(before).toBeGreaterThan(0);
    // Tab a's repository, opened first.
    opened[0]!.close();
    await a.getState().savePlot(edit(a.getState().plots.p1!.plot, {status: 'planned', completed: null}), {baseVersion: 1});
    expect(a.getState().saveState.p1).toMatchObject({state: 'not-saved'});
    expect(selectTally(a.getState(), '2026-01-01').remediatedSquareMeters).toBe(before);
  });

  it('notices a deleted database: plots it held are “not saved”, counted apart, and saved again on retry', async () => {
    const factory = new IDBFactory();
    const store = createAppStore(new MemoryStorage());
    let lost = 0;
    const open = () => PlotRepository.open({factory, actor: 't', channel: inMemoryCrossTabHub().channel(), onConnectionLost: () => lost++});
    const first = await open();
    opened.push(first);
    await store.getState().connectRepository(first);
    await store.getState().savePlot(plotFixture('p1', {status: 'remediated', completed: '2025-01-01'}), {baseVersion: null});
    expect(selectSaveState(store.getState(), 'p1')).toEqual({state: 'saved'});

    // Another page (or “clear site data”) deletes the database under this one.
    await new Promise<void>((resolve, reject) => {
      const request = factory.deleteDatabase('qh-remediation');
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    });
    expect(lost).toBe(1);
    store.getState().storageLost();
    const second = await open();
    opened.push(second);
    await store.getState().recoverRepository(second);

    const s = store.getState();
    expect(s.storage).toMatchObject({db: 'ready', vanished: 1});
    expect(s.saveState.p1).toMatchObject({state: 'not-saved'});
    expect(s.plots.p1).toBeDefined();
    expect(selectTally(s, '2026-01-01').remediatedSquareMeters).toBe(0);
    expect(selectNotSavedPlots(s)).toHaveLength(1);

    await store.getState().retryUnsaved();
    expect(selectSaveState(store.getState(), 'p1')).toEqual({state: 'saved'});
    expect((await second.loadAll()).map((r) => r.plot.properties.id)).toEqual(['p1']);
  });
});

describe('a new version waiting', () => {
  it('reloads only when nothing is being edited', () => {
    const store = createAppStore(new MemoryStorage());
    let reloads = 0;
    store.getState().offerUpdate(() => {
      reloads++;
    });
    expect(store.getState().updateReady).toBe(true);
    store.getState().openForm({plot: plotFixture('p1'), isNew: true});
    expect(store.getState().applyUpdate()).toBe(false);
    expect(reloads).toBe(0);
    store.getState().openForm(null);
    expect(store.getState().applyUpdate()).toBe(true);
    expect(reloads).toBe(1);
  });
});
