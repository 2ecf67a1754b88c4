/**
 * Store keys of a conversation and of a returning user: scoped by channel (two channels may use
 * the same conversation id) and pseudonymised with a keyed hash, because a channel's ids can be
 * personal — a messenger's user id is often a phone number. The same ids always give the same
 * keys for one secret (LOG_SALT), so state survives restarts when the secret is configured.
 */
import crypto from 'node:crypto';
import type { ConversationAddress } from './contracts';

export class StateKeys {
  constructor(private readonly secret = 'lotse-default-key-secret') {}

  private hash(kind: string, channelId: string, id: string): string {
    return crypto.createHmac('sha256', this.secret).update(`${kind}\u0000${channelId}\u0000${id}`).digest('base64url').slice(0, 27);
  }

  /** Key of the conversation's state, transcript and stored replies. */
  conversation(address: Pick<ConversationAddress, 'channelId' | 'conversationId'>): string {
    return `${address.channelId}/${this.hash('c', address.channelId, address.conversationId)}`;
  }

  /** Key of the user record (unfinished flows across conversations). */
  user(address: Pick<ConversationAddress, 'channelId' | 'userId'>): string {
    return `${address.channelId}/${this.hash('u', address.channelId, address.userId)}`;
  }
}
