import { compose, step } from './pipeline';
import type { TurnContext } from './turnContext';

const context = () => ({ out: [] as string[] }) as unknown as TurnContext & { out: string[] };

describe('the turn pipeline', () => {
  it('runs the steps in order until one answers without handing on', async () => {
    const ran: string[] = [];
    const pipeline = compose([
      step('first', (_ctx, next) => (ran.push('first'), next())),
      step('answers', () => void ran.push('answers')),
      step('never', () => void ran.push('never')),
    ]);
    await pipeline.run(context());
    expect(ran).toEqual(['first', 'answers']);
  });

  it('lets a step act after the rest of the turn, and names the step that failed', async () => {
    const ran: string[] = [];
    const ctx = context();
    const pipeline = compose([
      step('around', async (_ctx, next) => {
        await next();
        ran.push('after');
      }),
      step('breaks', () => {
        throw new Error('broken');
      }),
    ]);
    await expect(pipeline.run(ctx)).rejects.toThrow('broken');
    expect(ran).toEqual([]); // no catch in the pipeline: nothing runs after a failure
    expect(ctx.step).toBe('breaks');
  });

  it('refuses a step that hands on twice (the rest of the turn would run twice)', async () => {
    const pipeline = compose([step('twice', async (_ctx, next) => {
      await next();
      await next();
    }), step('end', () => undefined)]);
    await expect(pipeline.run(context())).rejects.toThrow(/twice/);
  });
});
