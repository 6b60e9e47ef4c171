// The simulated devices of the team-server benchmark, run in a worker thread so that they are
// not served by the server's own event loop: on this 2-core machine the devices get one core and
// the server the other, as phones on the network would not share the server's CPU. Plain
// JavaScript so the worker needs no TypeScript loader.
import {randomUUID} from 'node:crypto';
import {parentPort, workerData} from 'node:worker_threads';

const {base, sessions, batch, opsPerDevice, mode, rate, firstIndex} = workerData;

function plotOp(device, i) {
  const id = randomUUID();
  const lon = 101.5 + (i % 100) * 0.003, lat = 36.8 + device * 0.01 + Math.floor(i / 100) * 0.002;
  return {opId: randomUUID(), plotId: id, kind: 'create', baseVersion: 0, changes: {}, plot: {
    type: 'Feature',
    geometry: {type: 'Polygon', coordinates: [[[lon, lat], [lon + 0.002, lat], [lon + 0.002, lat + 0.0015], [lon, lat + 0.0015], [lon, lat]]]},
    properties: {id, name: `bench ${device}-${i}`, zone: 'datong-subsidence-qiaotou-north', measure: 'cover-regreen', status: 'remediated',
      completed: '2025-05-01', team: 'bench', notes: '', updated: '2025-06-01T00:00:00.000Z'},
  }};
}

const latencies = [];
const rounds = opsPerDevice / batch;
// Paced: together the devices offer `rate` ops/s, each sending a batch every interval, start times spread.
const interval = mode === 'paced' ? (sessions.length * batch / rate) * 1000 : 0;
const started = performance.now();
await Promise.all(sessions.map(async (s, d) => {
  for (let b = 0; b < rounds; b++) {
    if (mode === 'paced') {
      const wait = started + (b + d / sessions.length) * interval - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const ops = Array.from({length: batch}, (_, i) => plotOp(d, firstIndex + b * batch + i));
    const t = performance.now();
    const res = await fetch(`${base}/api/sync/push`, {method: 'POST', headers: {'content-type': 'application/json', authorization: `Bearer ${s.accessToken}`},
      body: JSON.stringify({deviceId: s.deviceId, ops})});
    const body = await res.json();
    latencies.push(performance.now() - t);
    if (!res.ok || body.results.some((r) => r.status !== 'applied')) throw new Error(`push failed: ${res.status}`);
  }
}));
parentPort.postMessage({latencies, seconds: (performance.now() - started) / 1000, intervalMs: interval});
