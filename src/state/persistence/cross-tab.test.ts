import {afterEach, describe, expect, it} from 'vitest';
import {broadcastCrossTabChannel, inMemoryCrossTabHub, plotChangeMessageOf, type CrossTabChannel, type PlotChangeMessage} from './cross-tab';

const message = (origin: string, plotIds: string[]): PlotChangeMessage => ({type: 'plots-changed', database: 'qh-remediation', origin, plotIds});

const channels: CrossTabChannel[] = [];
afterEach(() => channels.splice(0).forEach((c) => c.close()));

function received(channel: CrossTabChannel): PlotChangeMessage[] {
  const messages: PlotChangeMessage[] = [];
  channel.subscribe((m) => messages.push(m));
  return messages;
}

const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

describe('cross-tab channels', () => {
  it('delivers a message over BroadcastChannel to the other tab and not back to the sender', async () => {
    const name = `test-${Math.random()}`;
    const tabA = broadcastCrossTabChannel(name);
    const tabB = broadcastCrossTabChannel(name);
    channels.push(tabA, tabB);
    const atA = received(tabA);
    const atB = received(tabB);

    tabA.post(message('a', ['p1', 'p2']));
    await tick();

    expect(atB).toEqual([message('a', ['p1', 'p2'])]);
    expect(atA).toEqual([]);
  });

  it('ignores whatever else is posted on the channel name', async () => {
    const name = `test-${Math.random()}`;
    const tab = broadcastCrossTabChannel(name);
    channels.push(tab);
    const atTab = received(tab);
    const stranger = new BroadcastChannel(name);

    stranger.postMessage({type: 'plots-changed', plotIds: 'p1'});
    stranger.postMessage('reload');
    await tick();
    stranger.close();

    expect(atTab).toEqual([]);
  });

  it('connects in-memory tabs the same way, and stops delivering to a closed tab', async () => {
    const hub = inMemoryCrossTabHub();
    const [a, b, c] = [hub.channel(), hub.channel(), hub.channel()];
    const [atA, atB, atC] = [received(a), received(b), received(c)];
    c.close();

    a.post(message('a', ['p1']));
    await tick(0);

    expect(atA).toEqual([]);
    expect(atB).toEqual([message('a', ['p1'])]);
    expect(atC).toEqual([]);
  });

  it('recognises only well-formed change messages', () => {
    expect(plotChangeMessageOf(message('x', ['p']))).toEqual(message('x', ['p']));
    expect(plotChangeMessageOf({...message('x', ['p']), plotIds: [1]})).toBeNull();
    expect(plotChangeMessageOf(null)).toBeNull();
  });
});
