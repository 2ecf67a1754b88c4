/**
 * Optional outbound webhook, so a job centre can connect its own ticket or contact-centre
 * system. Every handoff event is stored first and then delivered:
 *
 *   POST <url>   Content-Type: application/json
 *   Idempotency-Key: <event id>          — the same on every retry of one event
 *   X-Lotse-Event: handoff.created | handoff.accepted | handoff.completed | handoff.failed
 *   X-Lotse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
 *
 * A 2xx answer counts as delivered. Anything else (an error status, a timeout, no connection)
 * is retried with exponential backoff; after the last attempt the delivery is marked failed,
 * stays in the store and shows in the staff console, where it can be sent again. Nothing is
 * dropped. The payload carries no transcript and no callback phone number.
 */
import crypto from 'node:crypto';
import type { Store, StoreOp } from '../core/store';
import { COLLECTIONS } from '../state';
import type { HandoffLogger } from './model';

export interface WebhookEvent {
  /** Unique event id; also the idempotency key. */
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface WebhookDelivery {
  event: WebhookEvent;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt?: string;
  lastError?: string;
  deliveredAt?: string;
}

export interface WebhookOptions {
  url: string;
  secret: string;
  /** Attempts before a delivery is marked failed. */
  maxAttempts?: number;
  /** Delay before the 2nd attempt; doubles after each failure. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  /** Days a delivered event is kept (failed ones stay until sent or the retention ends). */
  keepDeliveredDays?: number;
  keepFailedDays?: number;
}

/** The signature header for a body: `t=<unix>,v1=<hmac hex>`. */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  const mac = crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/** For receivers (and tests): is the signature valid and not older than `toleranceSeconds`? */
export function verifyWebhook(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isFinite(t) || Math.abs(nowSeconds - t) > toleranceSeconds || typeof parts.v1 !== 'string') return false;
  const expected = Buffer.from(signWebhook(secret, body, t).split('v1=')[1] as string, 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

export class WebhookNotifier {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly options: WebhookOptions,
    private readonly logger: Pick<HandoffLogger, 'warn' | 'error'>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.maxAttempts = options.maxAttempts ?? 6;
    this.baseDelayMs = options.baseDelayMs ?? 2000;
    this.maxDelayMs = options.maxDelayMs ?? 10 * 60 * 1000;
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /** Stores the event and starts delivering it; resolves once it is stored (not delivered). */
  async emit(type: string, data: Record<string, unknown>): Promise<WebhookEvent> {
    const event: WebhookEvent = { id: crypto.randomUUID(), type, occurredAt: this.now().toISOString(), data };
    const delivery: WebhookDelivery = { event, status: 'pending', attempts: 0, nextAttemptAt: event.occurredAt };
    await this.store.write(COLLECTIONS.webhookDeliveries, event.id, delivery, { ttlSeconds: this.keepSeconds('failed') });
    this.kick();
    return event;
  }

  /**
   * The store op that records an event for delivery, for a caller that commits it together with
   * the change it announces (a turn, a staff action). Call deliverDue() once that commit is durable.
   */
  eventOp(type: string, data: Record<string, unknown>): StoreOp {
    const event: WebhookEvent = { id: crypto.randomUUID(), type, occurredAt: this.now().toISOString(), data };
    const delivery: WebhookDelivery = { event, status: 'pending', attempts: 0, nextAttemptAt: event.occurredAt };
    return { kind: 'write', collection: COLLECTIONS.webhookDeliveries, key: event.id, value: delivery, options: { ifMatch: null, ttlSeconds: this.keepSeconds('failed') } };
  }

  /** Every delivery that is not delivered yet, oldest first (the console shows the failed ones). */
  async undelivered(): Promise<WebhookDelivery[]> {
    const all = await this.store.list<WebhookDelivery>(COLLECTIONS.webhookDeliveries);
    return all
      .map((item) => item.value)
      .filter((d) => d.status !== 'delivered')
      .sort((a, b) => a.event.occurredAt.localeCompare(b.event.occurredAt));
  }

  /** Sends a failed delivery again (from the console). */
  async retry(eventId: string): Promise<boolean> {
    const item = await this.store.read<WebhookDelivery>(COLLECTIONS.webhookDeliveries, eventId);
    if (!item || item.value.status === 'delivered') return false;
    const delivery: WebhookDelivery = { ...item.value, status: 'pending', attempts: 0, nextAttemptAt: this.now().toISOString() };
    await this.store.write(COLLECTIONS.webhookDeliveries, eventId, delivery, { ifMatch: item.etag, ttlSeconds: this.keepSeconds('failed') });
    this.kick();
    return true;
  }

  /** Delivers everything that is due now; resolves when this round is done (tests await it). */
  async deliverDue(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private keepSeconds(kind: 'delivered' | 'failed'): number {
    const days = kind === 'delivered' ? (this.options.keepDeliveredDays ?? 7) : (this.options.keepFailedDays ?? 30);
    return days * 86400;
  }

  private kick(): void {
    if (this.closed) return;
    void this.deliverDue();
  }

  private async round(): Promise<void> {
    const now = this.now();
    const items = await this.store.list<WebhookDelivery>(COLLECTIONS.webhookDeliveries);
    const due = items.filter((i) => i.value.status === 'pending' && Date.parse(i.value.nextAttemptAt ?? '') <= now.getTime());
    due.sort((a, b) => a.value.event.occurredAt.localeCompare(b.value.event.occurredAt));
    for (const item of due) {
      if (this.closed) return;
      await this.attempt(item.key, item.value, item.etag);
    }
    this.schedule();
  }

  private async attempt(key: string, delivery: WebhookDelivery, etag: string): Promise<void> {
    const body = JSON.stringify(delivery.event);
    const timestamp = Math.floor(this.now().getTime() / 1000);
    let error: string | undefined;
    try {
      const res = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Idempotency-Key': delivery.event.id,
          'X-Lotse-Event': delivery.event.type,
          'X-Lotse-Signature': signWebhook(this.options.secret, body, timestamp),
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).name === 'TimeoutError' ? 'timeout' : `no connection (${(e as Error).name})`;
    }
    const attempts = delivery.attempts + 1;
    const now = this.now();
    let next: WebhookDelivery;
    if (!error) {
      next = { ...delivery, status: 'delivered', attempts, deliveredAt: now.toISOString(), nextAttemptAt: undefined, lastError: undefined };
    } else if (attempts >= this.maxAttempts) {
      next = { ...delivery, status: 'failed', attempts, lastError: error, nextAttemptAt: undefined };
      this.logger.error({ event: delivery.event.id, type: delivery.event.type, attempts, error }, 'webhook delivery failed; kept for a manual retry');
    } else {
      const delay = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempts - 1));
      next = { ...delivery, attempts, lastError: error, nextAttemptAt: new Date(now.getTime() + delay).toISOString() };
      this.logger.warn({ event: delivery.event.id, attempts, error, retryInMs: delay }, 'webhook delivery failed; will retry');
    }
    try {
      await this.store.write(COLLECTIONS.webhookDeliveries, key, next, { ifMatch: etag, ttlSeconds: this.keepSeconds(next.status === 'delivered' ? 'delivered' : 'failed') });
    } catch {
      // Changed meanwhile (a manual retry): the newer state wins; the next round looks again.
    }
  }

  /** Wakes up for the earliest pending retry. */
  private schedule(): void {
    if (this.closed) return;
    void this.store.list<WebhookDelivery>(COLLECTIONS.webhookDeliveries).then((items) => {
      const times = items.filter((i) => i.value.status === 'pending').map((i) => Date.parse(i.value.nextAttemptAt ?? ''));
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      if (times.length === 0 || this.closed) return;
      const wait = Math.max(0, Math.min(...times) - this.now().getTime());
      this.timer = setTimeout(() => this.kick(), Math.min(wait, 2 ** 31 - 1));
      this.timer.unref();
    });
  }
}
