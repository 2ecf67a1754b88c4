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
 * is retried with exponential backoff and jitter for up to 48 hours; then the event goes to the
 * dead letters, stays in the store and shows in the staff console, where it can be sent again.
 * Nothing is dropped. Per case the events arrive in order (created before accepted before
 * completed); cases do not wait for each other. The payload carries no transcript and no
 * callback phone number.
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

/** One stored event: the row core can put into a turn's commit (see `webhookEventRow`). */
export interface WebhookRow {
  id: string;
  caseId: string;
  /** Order within the case: a case's events are delivered in this order, one at a time. */
  seq: number;
  type: string;
  payload: WebhookEvent;
  attempts: number;
  /** When the next attempt is due (ISO); absent once delivered or dead. */
  nextAt?: string;
  status: 'pending' | 'delivered' | 'dead';
  firstTriedAt?: string;
  lastError?: string;
  deliveredAt?: string;
}

/** The console's view of an undelivered event ("failed" = dead-lettered, waiting for a manual retry). */
export interface WebhookDelivery {
  event: WebhookEvent;
  caseId: string;
  status: 'pending' | 'failed';
  attempts: number;
  nextAttemptAt?: string;
  lastError?: string;
}

export interface WebhookOptions {
  url: string;
  secret: string;
  /** Optional cap on attempts before an event is dead-lettered (default: only `deadAfterMs` counts). */
  maxAttempts?: number;
  /** An event still failing this long after its first attempt goes to the dead letters (default 48 h). */
  deadAfterMs?: number;
  /** Delay before the 2nd attempt; doubles after each failure, plus up to 25 % jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  /** Cases delivered at the same time (one event per case at a time). */
  concurrency?: number;
  /** Days a delivered event is kept (dead ones stay until sent or the retention ends). */
  keepDeliveredDays?: number;
  keepFailedDays?: number;
}

let lastSeq = 0;
/** Increasing within this process even when the clock stands still or steps back. */
function nextSeq(now: Date): number {
  lastSeq = Math.max(lastSeq + 1, now.getTime() * 1000);
  return lastSeq;
}

/** Builds the stored row of a new event (core puts it into a turn's commit; `emit` writes it itself). */
export function webhookEventRow(type: string, data: Record<string, unknown>, now: Date = new Date()): WebhookRow {
  const payload: WebhookEvent = { id: crypto.randomUUID(), type, occurredAt: now.toISOString(), data };
  const caseId = typeof data.caseId === 'string' ? data.caseId : payload.id;
  return { id: payload.id, caseId, seq: nextSeq(now), type, payload, attempts: 0, nextAt: payload.occurredAt, status: 'pending' };
}

/** A stored row; rows written before per-case ordering (`{event, status: 'failed', …}`) are read as rows too. */
function asRow(value: unknown): WebhookRow | undefined {
  const v = value as Omit<Partial<WebhookRow>, 'status'> & { event?: WebhookEvent; status?: string; nextAttemptAt?: string };
  if (v && typeof v.seq === 'number' && v.payload) return v as WebhookRow;
  if (!v?.event || typeof v.event.id !== 'string') return undefined;
  const caseId = typeof v.event.data?.caseId === 'string' ? v.event.data.caseId : v.event.id;
  const status = v.status === 'failed' ? 'dead' : v.status === 'delivered' ? 'delivered' : 'pending';
  return { id: v.event.id, caseId, seq: Date.parse(v.event.occurredAt) * 1000 || 0, type: v.event.type, payload: v.event, attempts: v.attempts ?? 0, nextAt: v.nextAttemptAt, status, lastError: v.lastError, deliveredAt: v.deliveredAt };
}

function view(row: WebhookRow): WebhookDelivery {
  return { event: row.payload, caseId: row.caseId, status: row.status === 'dead' ? 'failed' : 'pending', attempts: row.attempts, nextAttemptAt: row.nextAt, lastError: row.lastError };
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

/**
 * Delivery: per case strictly in `seq` order (the next event of a case waits until the one before
 * is delivered or dead-lettered), different cases in parallel (a receiver that hangs on one case
 * delays no other), retries with exponential backoff and jitter over hours, then the dead letters.
 */
export class WebhookNotifier {
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  private readonly deadAfterMs: number;
  private readonly concurrency: number;
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private pumping?: Promise<void>;
  private pumpAgain = false;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly options: WebhookOptions,
    private readonly logger: Pick<HandoffLogger, 'warn' | 'error'>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.baseDelayMs = options.baseDelayMs ?? 2000;
    this.maxDelayMs = options.maxDelayMs ?? 30 * 60 * 1000;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.deadAfterMs = options.deadAfterMs ?? 48 * 3600 * 1000;
    this.concurrency = options.concurrency ?? 8;
  }

  /** Stores the event and starts delivering it; resolves once it is stored (not delivered). */
  async emit(type: string, data: Record<string, unknown>): Promise<WebhookEvent> {
    const row = webhookEventRow(type, data, this.now());
    await this.store.write(COLLECTIONS.webhookDeliveries, row.id, row, { ttlSeconds: this.keepSeconds('failed') });
    this.kick();
    return row.payload;
  }

  /**
   * The store op that records an event for delivery, for a caller that commits it together with
   * the change it announces (a turn, a staff action). Call deliverDue() once that commit is durable.
   */
  eventOp(type: string, data: Record<string, unknown>): StoreOp {
    // The same row as emit() writes: ordered per case by its sequence number.
    const row = webhookEventRow(type, data, this.now());
    return { kind: 'write', collection: COLLECTIONS.webhookDeliveries, key: row.id, value: row, options: { ifMatch: null, ttlSeconds: this.keepSeconds('failed') } };
  }

  /** Every event not delivered yet, oldest first (pending and dead-lettered). */
  async undelivered(): Promise<WebhookDelivery[]> {
    return (await this.rows()).filter((r) => r.status !== 'delivered').map(view);
  }

  /** Events given up on after hours of retries, oldest first; staff can send them again. */
  async deadLetters(): Promise<WebhookDelivery[]> {
    return (await this.rows()).filter((r) => r.status === 'dead').map(view);
  }

  /** Sends a pending or dead-lettered event again, now. */
  async retry(eventId: string): Promise<boolean> {
    const item = await this.store.read<WebhookRow>(COLLECTIONS.webhookDeliveries, eventId);
    const stored = item && asRow(item.value);
    if (!item || !stored || stored.status === 'delivered') return false;
    const row: WebhookRow = { ...stored, status: 'pending', attempts: 0, firstTriedAt: undefined, nextAt: this.now().toISOString() };
    await this.store.write(COLLECTIONS.webhookDeliveries, eventId, row, { ifMatch: item.etag, ttlSeconds: this.keepSeconds('failed') });
    this.kick();
    return true;
  }

  /** Starts every delivery that is due and resolves when those attempts are done (tests await it). */
  async deliverDue(): Promise<void> {
    await this.pump();
    await Promise.all([...this.inFlight.values()]);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async rows(): Promise<WebhookRow[]> {
    const items = await this.store.list<WebhookRow>(COLLECTIONS.webhookDeliveries);
    return items.flatMap((i) => asRow(i.value) ?? []).sort((a, b) => a.seq - b.seq);
  }

  private keepSeconds(kind: 'delivered' | 'failed'): number {
    const days = kind === 'delivered' ? (this.options.keepDeliveredDays ?? 7) : (this.options.keepFailedDays ?? 30);
    return days * 86400;
  }

  private kick(): void {
    if (this.closed) return;
    void this.pump().catch((error: unknown) => this.logger.error({ err: (error as Error).message }, 'webhook scheduling failed'));
  }

  /** One look at the store: start the due head event of every case not already being delivered. */
  private pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return this.pumping;
    }
    this.pumping = (async () => {
      do {
        this.pumpAgain = false;
        await this.startDue();
      } while (this.pumpAgain && !this.closed);
    })().finally(() => {
      this.pumping = undefined;
    });
    return this.pumping;
  }

  private async startDue(): Promise<void> {
    if (this.closed) return;
    const items = await this.store.list<WebhookRow>(COLLECTIONS.webhookDeliveries);
    const heads = new Map<string, { key: string; etag: string; row: WebhookRow }>();
    for (const item of items) {
      const row = asRow(item.value);
      if (!row || row.status !== 'pending') continue;
      const head = heads.get(row.caseId);
      if (!head || row.seq < head.row.seq) heads.set(row.caseId, { key: item.key, etag: item.etag, row });
    }
    const now = this.now().getTime();
    let wakeAt = Infinity;
    for (const [caseId, head] of heads) {
      if (this.inFlight.has(caseId)) continue;
      const due = Date.parse(head.row.nextAt ?? '');
      if (due > now) {
        wakeAt = Math.min(wakeAt, due);
        continue;
      }
      if (this.inFlight.size >= this.concurrency) {
        wakeAt = Math.min(wakeAt, now + 50);
        continue;
      }
      const attempt = this.attempt(head.key, head.row, head.etag).finally(() => {
        this.inFlight.delete(caseId);
        this.kick(); // the case's next event, or another case waiting for a slot
      });
      this.inFlight.set(caseId, attempt);
    }
    this.schedule(wakeAt);
  }

  private async attempt(key: string, row: WebhookRow, etag: string): Promise<void> {
    const body = JSON.stringify(row.payload);
    const timestamp = Math.floor(this.now().getTime() / 1000);
    let error: string | undefined;
    try {
      const res = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Idempotency-Key': row.payload.id,
          'X-Lotse-Event': row.type,
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
    const attempts = row.attempts + 1;
    const now = this.now();
    const firstTriedAt = row.firstTriedAt ?? now.toISOString();
    let next: WebhookRow;
    if (!error) {
      next = { ...row, status: 'delivered', attempts, firstTriedAt, deliveredAt: now.toISOString(), nextAt: undefined, lastError: undefined };
    } else {
      const delay = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(attempts - 1, 30)) * (1 + Math.random() * 0.25);
      const giveUp = now.getTime() + delay - Date.parse(firstTriedAt) > this.deadAfterMs || (this.options.maxAttempts !== undefined && attempts >= this.options.maxAttempts);
      if (giveUp) {
        next = { ...row, status: 'dead', attempts, firstTriedAt, lastError: error, nextAt: undefined };
        this.logger.error({ event: row.id, type: row.type, attempts, error }, 'webhook event dead-lettered; kept for a manual retry');
      } else {
        next = { ...row, attempts, firstTriedAt, lastError: error, nextAt: new Date(now.getTime() + delay).toISOString() };
        this.logger.warn({ event: row.id, attempts, error, retryInMs: Math.round(delay) }, 'webhook delivery failed; will retry');
      }
    }
    try {
      await this.store.write(COLLECTIONS.webhookDeliveries, key, next, { ifMatch: etag, ttlSeconds: this.keepSeconds(next.status === 'delivered' ? 'delivered' : 'failed') });
    } catch {
      // Changed meanwhile (a manual retry): the newer state wins; the next look sees it.
    }
  }

  /** Wakes up for the earliest retry that is not due yet. */
  private schedule(wakeAt: number): void {
    if (this.closed || !Number.isFinite(wakeAt)) return;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, wakeAt - this.now().getTime());
    this.timer = setTimeout(() => this.kick(), Math.min(wait, 2 ** 31 - 1));
    this.timer.unref();
  }
}
