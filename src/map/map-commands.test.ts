import {describe, expect, it} from 'vitest';
import type {Camera} from '../state/presenter-slice';
import {MapUnavailableError, createMapCommandHub} from './map-commands';
import type {MapCommands} from './map-commands';

const CAMERA: Camera = {center: [101.7, 36.96], zoom: 11, bearing: 0, pitch: 0};

/** A map stand-in that writes down what it was asked, in order. */
function recordingMap(log: string[], name = 'map'): MapCommands {
  return {
    flyTo: async (c) => void log.push(`${name} fly ${c.zoom}`),
    zoomToLayer: async (id) => void log.push(`${name} layer ${id}`),
    zoomToPlot: async (id) => void log.push(`${name} plot ${id}`),
    drawing: async (action) => void log.push(`${name} drawing ${action}`),
    setViewInset: async (bottom) => void log.push(`${name} inset ${bottom}`),
    exportImage: async (scale) => {
      log.push(`${name} image ${scale}`);
      return {width: scale} as HTMLCanvasElement;
    },
    exportPdf: async (paper) => {
      log.push(`${name} pdf ${paper}`);
      return new Blob([paper]);
    },
    thumbnail: async (width) => {
      log.push(`${name} thumbnail ${width}`);
      return 'data:image/jpeg;base64,';
    },
  };
}

describe('the map command hub', () => {
  it('queues commands given before the map is made and runs them in order once it is', async () => {
    const hub = createMapCommandHub();
    const log: string[] = [];
    const zoom = hub.commands.zoomToLayer('datong');
    const image = hub.commands.exportImage(2, {} as never);
    void hub.commands.flyTo(CAMERA);
    expect(log).toEqual([]);
    hub.attach(recordingMap(log));
    await zoom;
    expect((await image).width).toBe(2);
    expect(log).toEqual(['map layer datong', 'map image 2', 'map fly 11']);
  });

  it('hands commands straight to an attached map', async () => {
    const hub = createMapCommandHub();
    const log: string[] = [];
    hub.attach(recordingMap(log));
    await hub.commands.zoomToPlot('p1');
    await hub.commands.drawing('finish');
    expect(await (await hub.commands.exportPdf('a3', {} as never)).text()).toBe('a3');
    expect(log).toEqual(['map plot p1', 'map drawing finish', 'map pdf a3']);
  });

  it('queues again once the map is taken down, for the next map', async () => {
    const hub = createMapCommandHub();
    const log: string[] = [];
    const detach = hub.attach(recordingMap(log, 'first'));
    detach();
    const zoom = hub.commands.zoomToLayer('muli');
    hub.attach(recordingMap(log, 'second'));
    await zoom;
    expect(log).toEqual(['second layer muli']);
  });

  it('refuses queued and later commands, with the reason, when no map can be made', async () => {
    const hub = createMapCommandHub();
    const queued = hub.commands.exportImage(1, {} as never);
    hub.fail('WebGL2 is not available');
    await expect(queued).rejects.toBeInstanceOf(MapUnavailableError);
    await expect(hub.commands.zoomToLayer('haixi')).rejects.toThrow('WebGL2 is not available');
  });

  it('rejects only the command that failed when a queue is run', async () => {
    const hub = createMapCommandHub();
    const log: string[] = [];
    const broken = hub.commands.exportImage(4, {} as never);
    const fine = hub.commands.zoomToLayer('datong');
    hub.attach({...recordingMap(log), exportImage: () => { throw new Error('no 2D canvas'); }});
    await expect(broken).rejects.toThrow('no 2D canvas');
    await fine;
    expect(log).toEqual(['map layer datong']);
  });
});
