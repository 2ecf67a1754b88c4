/**
 * Composes a turn from named steps, as middleware over one {@link TurnContext} (grammY's
 * Composer): each step does its part and either answers (and stops) or calls `next()` to hand
 * the turn on. There is no catch here on purpose — a step that throws ends the turn at the one
 * error boundary in `LotseBot`, where nothing of the turn is stored.
 */
import type { TurnContext } from './turnContext';

export type Next = () => Promise<void>;
export type StepFn = (ctx: TurnContext, next: Next) => Promise<void> | void;

export interface Step {
  /** Shown in docs/architecture.md and in failure logs. */
  name: string;
  run: StepFn;
}

export function step(name: string, run: StepFn): Step {
  return { name, run };
}

export interface Pipeline {
  readonly steps: readonly Step[];
  run(ctx: TurnContext): Promise<void>;
}

export function compose(steps: readonly Step[]): Pipeline {
  return {
    steps,
    run(ctx) {
      const dispatch = async (i: number): Promise<void> => {
        const current = steps[i];
        if (!current) return;
        let called = false;
        ctx.step = current.name;
        await current.run(ctx, () => {
          // Calling next() twice would run the rest of the turn twice (two answers, two writes).
          if (called) throw new Error(`step ${current.name} called next() twice`);
          called = true;
          return dispatch(i + 1);
        });
      };
      return dispatch(0);
    },
  };
}
