/** Guided flows as content: a graph of steps with text per language. (Shape refined with the flow engine.) */
import { z } from 'zod';

export const flowFileSchema = z.looseObject({ id: z.string().regex(/^[a-z0-9_]{2,40}$/) });
export type Flow = z.infer<typeof flowFileSchema>;
