/**
 * The flow engine inside a turn: reads buttons and typed words, moves the position with the pure
 * engine, renders the step, and afterwards stores what has to outlive the conversation — the
 * position per returning user (for "continue at step 4 of 8") and the step counters.
 *
 * The conversation keeps the position in `state.flow`; the user record 
 * mirrors it so a new conversation with the same user id can resume (key: channel and pseudonymised user id, bot/core/keys.ts). Both expire with the
 * profile's retention days.
 */
import type { Flow, FlowStep } from '../../content/flowModel';
import type { Store, StoreOp } from '../core/store';
import { errorForLog } from '../core/errors';
import type { Transaction } from '../core/transaction';
import { StateKeys } from '../core/keys';
import type { Reply, Suggestion } from '../answer';
import type { ActivityJson, ConversationAddress } from '../core/contracts';
import type { Knowledge } from '../knowledge';
import { normalize } from '../nlu/normalize';
import { COLLECTIONS, newUserState, type ConversationState, type FlowPosition, type UserState } from '../state';
import * as engine from './engine';
import { todayIn } from './dates';
import { recordEvents } from './stats';
import { FLOW_COMMANDS, goneMessage, local, notActiveMessage, offerButton, problemsMessage, resumeMessage, returnButton, stepMessage, stoppedMessage, type FlowCommand, type ViewContext } from './view';
import { controlWord } from './words';

export interface FlowLogger {
  warn(obj: object, msg?: string): void;
}

/** The parts of a turn the flows need. */
export interface FlowTurn {
  state: ConversationState;
  address: ConversationAddress;
  knowledge: Knowledge;
  now: Date;
}

export interface FlowReply {
  activities: ActivityJson[];
  /** Offer a person now (the position in state.flow is the context). */
  handoff: boolean;
}

const FLOW_ID = /^[a-z0-9_]{2,40}$/;
const STEP_ID = /^(?:[a-z0-9_]{2,60}|@origin)$/;

interface ParsedButton {
  flow: string;
  cmd: FlowCommand;
  at?: string;
  to?: string;
}

/** A flow button's value, or undefined when it is malformed (forged, or from a future version). */
export function parseFlowButton(value: unknown): ParsedButton | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.flow !== 'string' || !FLOW_ID.test(v.flow)) return undefined;
  if (typeof v.cmd !== 'string' || !(FLOW_COMMANDS as readonly string[]).includes(v.cmd)) return undefined;
  for (const key of ['at', 'to'] as const) if (v[key] !== undefined && (typeof v[key] !== 'string' || !STEP_ID.test(v[key] as string))) return undefined;
  return { flow: v.flow, cmd: v.cmd as FlowCommand, at: v.at as string | undefined, to: v.to as string | undefined };
}

export class FlowDriver {
  constructor(private readonly deps: { store: Store; logger: FlowLogger; keys?: StateKeys }) {}

  session(turn: FlowTurn): FlowSession {
    return new FlowSession(turn, this.deps.store, this.deps.logger, this.deps.keys ?? new StateKeys());
  }
}

export class FlowSession {
  private readonly events: engine.StatEvent[] = [];
  /** Flows whose position changed or ended in this turn: mirrored to the user record on commit. */
  private readonly touched = new Set<string>();
  private user?: UserState;

  constructor(
    private readonly turn: FlowTurn,
    private readonly store: Store,
    private readonly logger: FlowLogger,
    private readonly keys: StateKeys,
  ) {}

  private get view(): ViewContext {
    return { knowledge: this.turn.knowledge, language: this.turn.state.language ?? 'de', now: this.turn.now };
  }

  private get env(): engine.FlowEnv {
    const profile = this.turn.knowledge.snapshot.profile;
    return { profileType: profile.type, today: todayIn(profile.timezone, this.turn.now), now: this.turn.now };
  }

  private flow(id: string | undefined): Flow | undefined {
    return id ? this.turn.knowledge.snapshot.flows.get(id) : undefined;
  }

  private get userKey(): string {
    return this.keys.user(this.turn.address);
  }

  private async loadUser(): Promise<UserState> {
    if (!this.user) {
      const stored = await this.store.read<UserState>(COLLECTIONS.users, this.userKey);
      this.user = { ...newUserState(), ...stored?.value };
    }
    return this.user;
  }

  /** Where this citizen stands in a flow: this conversation first, else an earlier one. */
  private async unfinished(flowId?: string): Promise<FlowPosition | undefined> {
    const own = this.turn.state.flow;
    if (own && (!flowId || own.flowId === flowId) && this.flow(own.flowId)) return own;
    const user = await this.loadUser();
    if (flowId) return this.flow(flowId) ? user.flows[flowId] : undefined;
    return Object.values(user.flows)
      .filter((p) => this.flow(p.flowId))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  }

  /** Apply a move: keep the position (or drop it when the flow is done), count, render. */
  private apply(flow: Flow, move: engine.Move): FlowReply {
    this.events.push(...move.events);
    this.touched.add(flow.id);
    // Any move is activity: the idle clock for "abandoned" starts again; a handoff is an ending of its own.
    const position: FlowPosition = { ...move.position, updatedAt: this.turn.now.toISOString() };
    delete position.counted;
    if (move.handoff) position.counted = 'handedOff';
    this.turn.state.flow = move.completed ? undefined : position;
    return { activities: [stepMessage(this.view, flow, position, move.notice)], handoff: move.handoff };
  }

  private show(flow: Flow, position: FlowPosition, notice?: engine.Notice): FlowReply {
    return { activities: [stepMessage(this.view, flow, position, notice)], handoff: false };
  }

  private startFlow(flow: Flow, restarted = false): FlowReply {
    return this.apply(flow, engine.start(flow, this.env, restarted));
  }

  /** `lotse/start`: a deep link (`/?flow=<id>`) starts its flow; a returning citizen is offered to resume. */
  async onStart(flowId: unknown): Promise<FlowReply> {
    const linked = typeof flowId === 'string' ? this.flow(flowId) : undefined;
    if (typeof flowId === 'string' && !linked) this.logger.warn({ flow: flowId.slice(0, 40) }, 'deep link to an unknown flow');
    const position = await this.unfinished(linked?.id);
    const flow = this.flow(position?.flowId);
    if (position && flow) {
      return { activities: [resumeMessage(this.view, flow, engine.reconcile(flow, position, this.env).position)], handoff: false };
    }
    return linked ? this.startFlow(linked) : { activities: [], handoff: false };
  }

  /** A flow button (messageBack value `{action:'flow', …}`). */
  async onButton(value: unknown): Promise<FlowReply> {
    const button = parseFlowButton(value);
    const current = this.turn.state.flow;
    const currentFlow = this.flow(current?.flowId);
    if (!button) {
      if (current && currentFlow) return this.show(currentFlow, engine.reconcile(currentFlow, current, this.env).position, 'unknownButton');
      return { activities: [goneMessage(this.view)], handoff: false };
    }
    const flow = this.flow(button.flow);
    if (!flow) {
      // Removed by editors (or forged): drop a position in it and say so.
      if (current?.flowId === button.flow) this.end(current, false);
      return { activities: [goneMessage(this.view)], handoff: false };
    }

    if (button.cmd === 'start' || button.cmd === 'resume' || button.cmd === 'restart') {
      const position = await this.unfinished(flow.id);
      if (button.cmd === 'restart' || !position) return this.startFlow(flow, button.cmd === 'restart' && Boolean(position));
      if (button.cmd === 'resume') return this.apply(flow, engine.resume(flow, position, this.env));
      // "start" while already inside: the same conversation just shows the step; an earlier one is offered.
      if (position === current) return this.show(flow, engine.reconcile(flow, position, this.env).position);
      return { activities: [resumeMessage(this.view, flow, position)], handoff: false };
    }

    if (!current || current.flowId !== flow.id) {
      const earlier = await this.unfinished(flow.id);
      return { activities: [earlier ? resumeMessage(this.view, flow, earlier) : notActiveMessage(this.view, flow)], handoff: false };
    }
    const reconciled = engine.reconcile(flow, current, this.env);
    if (reconciled.notice) return this.apply(flow, reconciled); // the flow changed under the click: show where the citizen is now
    const position = reconciled.position;
    switch (button.cmd) {
      case 'go':
        return this.apply(flow, engine.choose(flow, position, button.at, button.to, this.env));
      case 'back':
        if (button.at !== position.stepId) return this.show(flow, position, 'stale');
        return this.apply(flow, engine.back(flow, position, this.env));
      case 'problems':
        if (button.at !== position.stepId) return this.show(flow, position, 'stale');
        return { activities: [problemsMessage(this.view, flow, position)], handoff: false };
      case 'show':
        return this.show(flow, position);
      case 'person':
        this.events.push({ flowId: flow.id, event: 'handedOff', stepId: position.stepId });
        this.turn.state.flow = { ...position, counted: 'handedOff' };
        this.touched.add(flow.id);
        return { activities: [], handoff: true };
      case 'stop':
        return this.stop(flow, position);
    }
    return this.show(flow, position, 'unknownButton');
  }

  private stop(flow: Flow, position: FlowPosition): FlowReply {
    this.end(position, true);
    return { activities: [stoppedMessage(this.view, flow)], handoff: false };
  }

  private end(position: FlowPosition, counted: boolean): void {
    if (counted) this.events.push({ flowId: position.flowId, event: 'stopped', stepId: position.stepId });
    this.touched.add(position.flowId);
    if (this.turn.state.flow?.flowId === position.flowId) this.turn.state.flow = undefined;
    if (this.user) delete this.user.flows[position.flowId];
  }

  /**
   * Text typed while a flow is open: a control word ("zurück", "stop"), a date at a date step, or
   * an option's label. Anything else is left to the FAQ (undefined), which then offers the way back.
   */
  onText(text: string): FlowReply | undefined {
    const current = this.turn.state.flow;
    if (!current) return undefined;
    const flow = this.flow(current.flowId);
    if (!flow) {
      this.end(current, false);
      return undefined;
    }
    const reconciled = engine.reconcile(flow, current, this.env);
    // The flow changed since the last message: show where the citizen is now before anything else.
    if (reconciled.notice) return this.apply(flow, reconciled);
    const position = reconciled.position;
    const step = flow.steps[position.stepId] as FlowStep;
    const language = this.view.language;
    switch (controlWord(text, language)) {
      case 'stop':
        return this.stop(flow, position);
      case 'back':
        return this.apply(flow, engine.back(flow, position, this.env));
      case 'restart':
        return this.startFlow(flow, true);
      case 'continue':
        return this.apply(flow, engine.proceed(flow, position, this.env));
      default:
    }
    const dated = engine.enterDate(flow, position, text, this.env);
    if (dated) return this.apply(flow, dated);
    const chosen = engine.typedChoice(step, normalize(text), (label) => normalize(local(label, language)));
    if (chosen) return this.apply(flow, engine.choose(flow, position, position.stepId, chosen, this.env));
    return undefined;
  }

  /** Buttons added under an FAQ reply: back into the open flow, or the flow the answer belongs to. */
  extraButtons(reply: Reply): Suggestion[] {
    const current = this.turn.state.flow;
    const open = this.flow(current?.flowId);
    if (current && open) return [returnButton(this.view, open, current)];
    const entry = reply.outcome === 'answer' && reply.entryId ? this.turn.knowledge.snapshot.entries.get(reply.entryId) : undefined;
    const flow = this.flow(entry?.flow);
    return flow ? [offerButton(this.view, flow)] : [];
  }

  /** "Step by step: …" for the welcome message. */
  offer(flowId: string): Suggestion | undefined {
    const flow = this.flow(flowId);
    return flow ? offerButton(this.view, flow) : undefined;
  }

  /**
   * Adds to the turn's transaction what has to outlive the conversation: the positions mirrored
   * to the user record (committed with the turn), and — once the turn is stored — the events added
   * to the aggregated counters. Counter failures are logged, never turned into an apology: the
   * citizen's turn succeeded.
   */
  async stage(tx: Transaction): Promise<void> {
    if (this.touched.size > 0) tx.add(await this.userOp());
    if (this.events.length === 0) return;
    const events = [...this.events];
    tx.afterCommit(() =>
      recordEvents(this.store, events).catch((error: unknown) => this.logger.warn({ error: errorForLog(error) }, 'flow counters not saved')),
    );
  }

  private async userOp(): Promise<StoreOp> {
    const ttlSeconds = this.turn.knowledge.snapshot.profile.retentionDays * 86400;
    const position = this.turn.state.flow;
    const stored = await this.store.read<UserState>(COLLECTIONS.users, this.userKey);
    const user: UserState = { ...newUserState(), ...structuredClone(stored?.value) };
    for (const flowId of this.touched) {
      if (position?.flowId === flowId) user.flows[flowId] = position;
      else delete user.flows[flowId];
    }
    // Another conversation of the same user changed the record meanwhile: the turn runs again.
    return { kind: 'write', collection: COLLECTIONS.users, key: this.userKey, value: user, options: { ifMatch: stored?.etag ?? null, ttlSeconds } };
  }
}
