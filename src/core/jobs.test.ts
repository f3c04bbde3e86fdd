import { describe, expect, it } from 'vitest';
import { Jobs } from './jobs.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('background jobs', () => {
  it('never runs a tick while the previous one of the same job is still running', async () => {
    const jobs = new Jobs(() => undefined);
    let active = 0;
    let most = 0;
    let runs = 0;
    jobs.every('slow', 1, async () => {
      runs++;
      active++;
      most = Math.max(most, active);
      await new Promise((resolve) => setTimeout(resolve, 20));
      active--;
    });
    await new Promise((resolve) => setTimeout(resolve, 70));
    await jobs.stop();
    expect(runs).toBeGreaterThan(1);
    expect(most).toBe(1);
  });

  it('waits for a tick in flight and then stops the workers, last started first', async () => {
    const order: string[] = [];
    const jobs = new Jobs(() => undefined);
    jobs.add('first', async () => void order.push('stop first'));
    jobs.add('second', async () => void order.push('stop second'));
    jobs.every('tick', 1000, async () => {
      await tick();
      order.push('tick done');
    });
    await jobs.stop();
    expect(order).toEqual(['tick done', 'stop second', 'stop first']);
  });

  it('reports a failing tick by the job name and keeps running it', async () => {
    const errors: string[] = [];
    const jobs = new Jobs((job, err) => errors.push(`${job}: ${(err as Error).message}`));
    let runs = 0;
    jobs.every('flaky', 1, async () => {
      runs++;
      throw new Error('boom');
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await jobs.stop();
    expect(runs).toBeGreaterThan(1);
    expect(errors[0]).toBe('flaky: boom');
  });

  it('starts no tick after stop', async () => {
    const jobs = new Jobs(() => undefined);
    let runs = 0;
    jobs.every('t', 1, async () => void runs++, { now: false });
    await jobs.stop();
    const after = runs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runs).toBe(after);
  });
});
