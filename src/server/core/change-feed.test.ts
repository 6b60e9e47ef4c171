import {describe, expect, it} from 'vitest';
import {ChangeFeed} from './change-feed';

describe('ChangeFeed', () => {
  it('tells every listener the new cursor and stops after unsubscribe', () => {
    const feed = new ChangeFeed();
    const a: number[] = [], b: number[] = [];
    const offA = feed.subscribe((c) => a.push(c));
    feed.subscribe((c) => b.push(c));
    feed.publish(3);
    offA();
    feed.publish(5);
    expect(a).toEqual([3]);
    expect(b).toEqual([3, 5]);
    expect(feed.size).toBe(1);
  });
});
