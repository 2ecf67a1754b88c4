/** Turns replies into Bot Framework Activities: Markdown text, buttons as suggested actions, locale set. */
import type { Language } from '../content/model';
import type { Reply, Suggestion } from './answer';
import type { ActivityJson } from './core/contracts';

export interface ButtonValue {
  action: string;
  [key: string]: unknown;
}

/** A message with optional buttons. Buttons are messageBack actions: the title is shown as the citizen's message, the value tells the bot what was meant. */
export function messageActivity(text: string, language: Language, buttons: Array<{ title: string; value: ButtonValue }> = [], channelData?: Record<string, unknown>): ActivityJson {
  const activity: ActivityJson = { type: 'message', text, textFormat: 'markdown', locale: language, inputHint: 'acceptingInput' };
  if (buttons.length > 0) {
    activity.suggestedActions = {
      to: [],
      actions: buttons.map((b) => ({ type: 'messageBack', title: b.title, text: b.title, displayText: b.title, value: b.value })),
    } as unknown as ActivityJson['suggestedActions'];
  }
  if (channelData) activity.channelData = { lotse: channelData };
  return activity;
}

export function replyActivity(reply: Reply, extraButtons: Suggestion[] = []): ActivityJson {
  return messageActivity(reply.text, reply.language, [...reply.suggestions, ...extraButtons], {
    outcome: reply.outcome,
    entryId: reply.entryId,
    options: reply.options,
  });
}

export function eventActivity(name: string, value: unknown): ActivityJson {
  return { type: 'event', name, value };
}
