/**
 * The stored transcript of a conversation: redacted lines of the citizen, the bot and staff.
 * The bot's turns and staff replies append to the same list, so every append is a
 * compare-and-set on the eTag (retried), and no line is lost when both write at once.
 */
import { PreconditionFailedError, type Store } from '../core/store';
import { COLLECTIONS } from '../state';
import type { ActivityJson } from '../core/contracts';
import type { TranscriptLine } from './model';

/** Lines kept per conversation (oldest dropped first). */
export const MAX_TRANSCRIPT_LINES = 200;

export async function appendTranscript(store: Store, conversationKey: string, lines: TranscriptLine[], ttlSeconds: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const stored = await store.read<TranscriptLine[]>(COLLECTIONS.transcripts, conversationKey);
    const all = [...(stored?.value ?? []), ...lines].slice(-MAX_TRANSCRIPT_LINES);
    try {
      await store.write(COLLECTIONS.transcripts, conversationKey, all, { ifMatch: stored?.etag ?? null, ttlSeconds, keepExpiry: true });
      return;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt >= 5) throw error;
    }
  }
}

export async function readTranscript(store: Store, conversationKey: string): Promise<TranscriptLine[]> {
  return (await store.read<TranscriptLine[]>(COLLECTIONS.transcripts, conversationKey))?.value ?? [];
}

/** The transcript as the protocol's `Transcript` attachment content: `{activities: [...]}`. */
export function transcriptActivities(lines: TranscriptLine[]): { activities: ActivityJson[] } {
  return {
    activities: lines.map((line) => ({
      type: 'message',
      text: line.text,
      timestamp: line.at,
      from: line.from === 'user' ? { id: 'citizen', role: 'user' } : { id: line.from === 'bot' ? 'lotse' : 'staff', name: line.name, role: 'bot' },
    })),
  };
}
