import {afterEach, describe, expect, it} from 'vitest';
import type {TerraDrawExtend, TerraDrawMouseEvent} from 'terra-draw';
import type {Polygon} from 'geojson';
import type {Plot} from '../geo/plot';
import type {ScreenPoint} from '../geo/snap';
import {MemoryStorage} from '../state/memory-storage';
import {createAppStore} from '../state/store';
import {DrawController} from './draw-controller';
import type {DrawControllerConfig} from './draw-controller';

// A flat "map" for node: 1 pixel = 0.00001° in both directions, the origin at 101.6°E 37°N
// (the Datong coalfield), y growing southwards as on a screen.
const DEG_PER_PX = 1e-5;
const ORIGIN = [101.6, 37] as const;
const project = ([lon, lat]: readonly [number, number]): ScreenPoint => [(lon - ORIGIN[0]) / DEG_PER_PX, (ORIGIN[1] - lat) / DEG_PER_PX];
const unproject = ([x, y]: ScreenPoint): [number, number] => [ORIGIN[0] + x * DEG_PER_PX, ORIGIN[1] - y * DEG_PER_PX];

/** A terra-draw adapter with no map behind it: the test moves and clicks through it. */
class NodeAdapter {
  callbacks: TerraDrawExtend.TerraDrawCallbacks | null = null;
  project = (lng: number, lat: number) => {
    const [x, y] = project([lng, lat]);
    return {x, y};
  };
  unproject = (x: number, y: number) => {
    const [lng, lat] = unproject([x, y]);
    return {lng, lat};
  };
  setCursor() {}
  getLngLatFromEvent() {
    return null;
  }
  setDoubleClickToZoom() {}
  getMapEventElement(): HTMLElement {
    throw new Error('no DOM in node: the controller must not need one');
  }
  register(callbacks: TerraDrawExtend.TerraDrawCallbacks) {
    this.callbacks = callbacks;
  }
  unregister() {
    this.callbacks = null;
  }
  render() {}
  clear() {
    this.callbacks?.onClear();
  }
  getCoordinatePrecision() {
    return 7;
  }
  /** The pointer moves to pixel (x, y), then clicks there. */
  clickAt(x: number, y: number) {
    const [lng, lat] = unproject([x, y]);
    const event: TerraDrawMouseEvent = {lng, lat, containerX: x, containerY: y, button: 'left', heldKeys: [], isContextMenu: false};
    this.callbacks!.onMouseMove(event);
    this.callbacks!.onClick(event);
  }
}

/** A saved plot: a 300 px (≈ 266 m × 333 m) square with its north-west corner at pixel (x, y). */
function squarePlot(id: string, x: number, y: number): Plot {
  const ring = [[x, y], [x + 300, y], [x + 300, y + 300], [x, y + 300], [x, y]].map(([px, py]) => unproject([px!, py!]));
  return {
    type: 'Feature',
    geometry: {type: 'Polygon', coordinates: [ring]},
    properties: {id, name: 'neighbour', zone: 'other', measure: 'cover-regreen', status: 'planned', completed: null, team: '', notes: '', updated: '2025-01-01T00:00:00.000Z'},
  };
}

const controllers: DrawController[] = [];
afterEach(() => controllers.splice(0).forEach((c) => c.destroy()));

function setUp(plots: Plot[] = []) {
  const store = createAppStore(new MemoryStorage());
  store.setState({plots: Object.fromEntries(plots.map((p) => [p.properties.id, {plot: p, version: 1}]))});
  const adapter = new NodeAdapter();
  const config: DrawControllerConfig = {
    getState: store.getState,
    subscribe: store.subscribe,
    project,
    unproject,
    viewBounds: () => [...unproject([0, 2000]), ...unproject([2000, 0])],
    adapter,
  };
  const controller = new DrawController(config);
  controllers.push(controller);
  return {store, adapter, controller};
}

const ringOf = (geometry: unknown) => (geometry as Polygon).coordinates[0]!;

describe('the draw controller, in node without a map', () => {
  it('snaps a vertex placed near a saved plot’s corner onto that corner exactly', () => {
    const neighbour = squarePlot('neighbour', 100, 100);
    const {store, adapter, controller} = setUp([neighbour]);
    store.getState().setTool('draw');
    // 5 px right of and 4 px below the neighbour's south-east corner (pixel 400, 400).
    adapter.clickAt(405, 404);
    adapter.clickAt(800, 400);
    adapter.clickAt(800, 800);
    adapter.clickAt(400, 800);
    controller.run('finish');
    const form = store.getState().form;
    expect(form?.isNew).toBe(true);
    expect(ringOf(form!.plot.geometry)).toContainEqual(ringOf(neighbour.geometry)[2]);
  });

  it('leaves a vertex where it was put when nothing is within the snapping distance', () => {
    const {store, adapter, controller} = setUp([squarePlot('neighbour', 100, 100)]);
    store.getState().setTool('draw');
    adapter.clickAt(430, 430);
    adapter.clickAt(800, 430);
    adapter.clickAt(800, 800);
    controller.run('finish');
    const ring = ringOf(store.getState().form!.plot.geometry);
    const placed = unproject([430, 430]);
    expect(ring.some(([lon, lat]) => Math.abs(lon! - placed[0]) < 1e-7 && Math.abs(lat! - placed[1]) < 1e-7)).toBe(true);
  });

  it('finishes a drawn shape into the plot form with its area, the tool put away', () => {
    const {store, adapter, controller} = setUp();
    store.getState().setTool('draw');
    for (const [x, y] of [[0, 0], [500, 0], [500, 500], [0, 500]] as const) adapter.clickAt(x, y);
    expect(store.getState().draftAreaSquareMeters).toBeGreaterThan(0);
    controller.run('finish');
    const s = store.getState();
    expect(s.tool).toBe('none');
    expect(s.form?.plot.geometry.type).toBe('Polygon');
    expect(ringOf(s.form!.plot.geometry)).toHaveLength(5);
    // 0.005° × 0.005° at 37°N: ≈ 444 m × 555 m.
    expect(s.draftAreaSquareMeters).toBeGreaterThan(246_000);
    expect(s.draftAreaSquareMeters).toBeLessThan(248_000);
  });

  it('refuses a bow-tie, keeps it on the map as the draft and lets the user draw again', () => {
    const {store, adapter, controller} = setUp();
    store.getState().setTool('draw');
    for (const [x, y] of [[0, 0], [500, 500], [500, 0], [0, 500]] as const) adapter.clickAt(x, y);
    controller.run('finish');
    const s = store.getState();
    expect(s.form).toBeNull();
    expect(s.shapeProblem?.code).toBeTruthy();
    expect(s.draftGeometry?.type).toBe('Polygon');
    expect(s.tool).toBe('draw');
    // Drawing goes on: a new square finishes.
    for (const [x, y] of [[0, 0], [500, 0], [500, 500], [0, 500]] as const) adapter.clickAt(x, y);
    controller.run('finish');
    expect(store.getState().form?.isNew).toBe(true);
  });

  it('undoes the last vertex', () => {
    const {store, adapter, controller} = setUp();
    store.getState().setTool('draw');
    for (const [x, y] of [[0, 0], [500, 0], [500, 500], [900, 900]] as const) adapter.clickAt(x, y);
    controller.run('undo');
    adapter.clickAt(0, 500);
    controller.run('finish');
    const ring = ringOf(store.getState().form!.plot.geometry);
    expect(ring).toHaveLength(5);
    expect(ring).not.toContainEqual(unproject([900, 900]));
  });

  it('finishes a vertex edit of a saved plot into its form, based on the stored version', () => {
    const plot = squarePlot('p1', 100, 100);
    const {store, controller} = setUp([plot]);
    store.getState().setTool('edit-shape', 'p1');
    controller.run('finish');
    const form = store.getState().form;
    expect(form).toMatchObject({isNew: false, baseVersion: 1, origin: 'shape'});
    expect(form!.plot.properties.id).toBe('p1');
    expect(ringOf(form!.plot.geometry)).toEqual(ringOf(plot.geometry).map(([lon, lat]) => [Number(lon!.toFixed(7)), Number(lat!.toFixed(7))]));
  });

  it('deletes the vertex last tapped while editing a shape (the touch control for the Delete key), keeping at least three', () => {
    const plot = squarePlot('p1', 100, 100);
    const {store, adapter, controller} = setUp([plot]);
    store.getState().setTool('edit-shape', 'p1');
    const corner = ringOf(plot.geometry)[2]!;
    // Tapped 3 px off the south-east corner (pixel 400, 400).
    adapter.clickAt(402, 398);
    controller.run('delete-vertex');
    controller.run('finish');
    const ring = ringOf(store.getState().form!.plot.geometry);
    expect(ring).toHaveLength(4);
    expect(ring.some(([lon, lat]) => Math.abs(lon! - corner[0]!) < 1e-6 && Math.abs(lat! - corner[1]!) < 1e-6)).toBe(false);
  });

  it('deletes nothing when no vertex was tapped', () => {
    const plot = squarePlot('p1', 100, 100);
    const {store, adapter, controller} = setUp([plot]);
    store.getState().setTool('edit-shape', 'p1');
    adapter.clickAt(250, 250);
    controller.run('delete-vertex');
    controller.run('finish');
    expect(ringOf(store.getState().form!.plot.geometry)).toHaveLength(5);
  });
});
