/**
 * The steps of a turn, in the order `LotseBot` composes them (bot/lotseBot.ts lists the order).
 * Each step reads and changes the one TurnContext; it answers and stops, or calls next().
 */
import { isLanguage } from '../content/model';
import { entryButton, entryReply, noMatchReply, replyForText, talkToPersonButton, type Reply } from './answer';
import { messageActivity, replyActivity } from './activities';
import { step, type Step } from './core/pipeline';
import type { Store } from './core/store';
import type { TurnContext } from './core/turnContext';
import type { FlowReply } from './flows/driver';
import { reasonForReply, type HandoffConversation, type OfferContext } from './handoff/conversation';
import type { HandoffReason } from './handoff/model';
import { recordFeedback } from './feedback';
import { privacyNotice } from './handoff/privacyNotice';
import { translator } from './i18n';
import { cleanText, readSignals } from './signals';
import { RECENT_QUESTIONS } from './signals/frustration';

export interface StepDeps {
  handoff: HandoffConversation;
  /** For counts written outside the turn's commit (feedback). */
  store: Store;
}

/** Offer a person (bot/handoff): every channel, live chat or callback as buttons; inside a flow, its step goes along. */
function offerPerson(deps: StepDeps, ctx: TurnContext, reason: HandoffReason, context: OfferContext = {}): void {
  deps.handoff.offer(ctx, reason, context);
}

function sendReply(deps: StepDeps, ctx: TurnContext, reply: Reply): void {
  if (reply.entryId) ctx.state.topics = [...ctx.state.topics.filter((t) => t !== reply.entryId), reply.entryId].slice(-5);
  // Inside a flow: "back to step n"; an answer that has a flow: "step by step".
  const flowButtons = ctx.flows.extraButtons(reply);
  ctx.say(replyActivity({ ...reply, suggestions: [...flowButtons, ...reply.suggestions] }), { outcome: reply.outcome, entryId: reply.entryId });
  if (reply.offerPerson) offerPerson(deps, ctx, ...reasonForReply(ctx.knowledge, reply));
}

function sendFlowReply(deps: StepDeps, ctx: TurnContext, reply: FlowReply): void {
  for (const activity of reply.activities) ctx.say(activity, { outcome: 'flow' });
  if (reply.handoff) offerPerson(deps, ctx, 'flow');
}

function welcome(ctx: TurnContext): void {
  const language = ctx.language;
  const t = translator(language);
  const profile = ctx.knowledge.snapshot.profile;
  // The welcome's flow and topics are content (pack/system.json).
  const { flow, topics } = ctx.knowledge.snapshot.system.welcome;
  const buttons = [flow ? ctx.flows.offer(flow) : undefined, ...topics.map((id) => entryButton(ctx.knowledge, id, language))].filter((b) => b !== undefined);
  // The privacy notice names the job centre, the real retention period and its links.
  ctx.say(messageActivity(`${t('welcome', { name: profile.name })}\n\n${privacyNotice(ctx.knowledge, language)}`, language, [...buttons, talkToPersonButton(language)]));
}

export function turnSteps(deps: StepDeps): Record<'read' | 'events' | 'signals' | 'handoff' | 'buttons' | 'words' | 'language' | 'flow' | 'answer', Step> {
  return {
    /** Message text and button value; the citizen's words go (redacted) into the transcript. Other activity types end here. */
    read: step('read', async (ctx, next) => {
      const { activity } = ctx;
      if (activity.type === 'event') return next();
      if (activity.type !== 'message') return;
      ctx.text = cleanText(activity.text);
      const value = activity.value;
      if (value && typeof value === 'object' && !Array.isArray(value)) ctx.value = value as Record<string, unknown>;
      if (ctx.text) ctx.heard(ctx.text);
      return next();
    }),

    /** `lotse/start` (welcome, a deep-linked flow or resume) and `lotse/language`. */
    events: step('events', async (ctx, next) => {
      const { activity, state } = ctx;
      if (activity.type !== 'event') return next();
      const value = (activity.value ?? {}) as { language?: unknown; flow?: unknown };
      if (activity.name === 'lotse/start') {
        if (isLanguage(value.language) && state.languageSource !== 'user') {
          state.language = value.language;
          state.languageSource = 'channel';
        }
        welcome(ctx);
        sendFlowReply(deps, ctx, await ctx.flows.onStart(value.flow));
      } else if (activity.name === 'lotse/language') {
        if (!isLanguage(value.language)) return;
        state.language = value.language;
        state.languageSource = 'user';
        ctx.say(messageActivity(translator(value.language)('languageChanged'), value.language));
      } else if (activity.name === 'lotse/feedback') {
        // Thumbs on an answer: counts per entry × language, a redacted reason to the editors' inbox; no reply.
        await recordFeedback(deps.store, {
          conversationId: ctx.address.conversationId,
          value: activity.value,
          language: ctx.language,
          isEntry: (id) => ctx.knowledge.snapshot.entries.has(id),
          retentionDays: ctx.knowledge.snapshot.profile.retentionDays,
          now: ctx.now,
        });
      }
    }),

    /** One normalisation of the message; language, crisis, person request and frustration from it. */
    signals: step('signals', (ctx, next) => {
      if (ctx.text) ctx.signals = readSignals(ctx.knowledge, ctx.text, ctx.state);
      return next();
    }),

    /** Handoff steps (consent, callback form) and conversations with staff come first. */
    handoff: step('handoff', async (ctx, next) => {
      if (await deps.handoff.intercept(ctx, ctx.text, ctx.value)) return;
      await next();
      // A callback form still missing its phone number is recalled after whatever answered the message.
      deps.handoff.remindPending(ctx);
    }),

    /** Buttons: an entry, a person, a flow step, "none of these", a language. */
    buttons: step('buttons', async (ctx, next) => {
      const value = ctx.value;
      if (typeof value?.action !== 'string') return next();
      const language = ctx.language;
      switch (value.action) {
        case 'entry': {
          const entry = typeof value.id === 'string' ? ctx.knowledge.snapshot.entries.get(value.id) : undefined;
          // A button from an older content version, or a forged one.
          if (!entry) return sendReply(deps, ctx, noMatchReply(language, false));
          ctx.state.misunderstandings = 0;
          return sendReply(deps, ctx, entryReply(ctx.knowledge, entry, language, ctx.now));
        }
        case 'handoff':
          return offerPerson(deps, ctx, 'request');
        case 'flow':
          return sendFlowReply(deps, ctx, await ctx.flows.onButton(value));
        case 'none':
          ctx.state.misunderstandings += 1;
          return sendReply(deps, ctx, noMatchReply(language, ctx.state.misunderstandings >= 2));
        case 'language':
          if (isLanguage(value.language)) {
            ctx.state.language = value.language;
            ctx.state.languageSource = 'user';
            ctx.say(messageActivity(translator(value.language)('languageChanged'), value.language));
          }
          return;
        default:
          return sendReply(deps, ctx, noMatchReply(language, false));
      }
    }),

    /** A message without words ("…", an emoji) is asked again. */
    words: step('words', (ctx, next) => {
      if (ctx.signals?.hasWords) return next();
      ctx.say(messageActivity(translator(ctx.language)('askAgainEmpty'), ctx.language));
    }),

    /** The language decided from the message; a citizen naming a language gets just the confirmation. */
    language: step('language', (ctx, next) => {
      const decision = (ctx.signals as NonNullable<TurnContext['signals']>).language;
      ctx.state.language = decision.language;
      ctx.state.languageSource = decision.source;
      const t = translator(decision.language);
      if (decision.switchedFrom && decision.source === 'user') return ctx.say(messageActivity(t('languageChanged'), decision.language));
      if (decision.switchedFrom) ctx.say(messageActivity(t('languageSwitched'), decision.language));
      if (ctx.signals?.truncated) ctx.say(messageActivity(t('tooLong'), decision.language));
      return next();
    }),

    /** Inside a flow: "back", "stop", a date or an option's label move the flow; anything else is a question. */
    flow: step('flow', (ctx, next) => {
      const reply = ctx.flows.onText((ctx.signals as NonNullable<TurnContext['signals']>).text);
      if (reply) return sendFlowReply(deps, ctx, reply);
      return next();
    }),

    /** Match, decide on a person (misunderstood twice, frustrated, asked), render. */
    answer: step('answer', (ctx) => {
      const signals = ctx.signals as NonNullable<TurnContext['signals']>;
      const { state } = ctx;
      const language = ctx.language;
      // Asked before, counted on the memory as it is now: a case that ended in this turn cleared it.
      const repeated = state.recent.includes(signals.question);
      state.recent = [...state.recent, signals.question].slice(-RECENT_QUESTIONS);
      const reply = replyForText(ctx.knowledge, signals.text, language, { now: ctx.now, misunderstandings: state.misunderstandings });
      if (reply.outcome === 'nomatch' || (reply.outcome === 'handoff' && !reply.entryId)) state.misunderstandings += 1;
      else if (reply.outcome !== 'clarify') state.misunderstandings = 0;

      const frustrated = (repeated || signals.shouting) && reply.outcome !== 'crisis';
      if (frustrated && reply.outcome !== 'answer') {
        ctx.say(messageActivity(translator(language)('frustration'), language));
        return offerPerson(deps, ctx, 'frustrated');
      }
      sendReply(deps, ctx, reply);
      if (reply.outcome === 'nomatch' && state.misunderstandings >= 2) offerPerson(deps, ctx, 'misunderstood');
    }),
  };
}
