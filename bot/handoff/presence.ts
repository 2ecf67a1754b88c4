/**
 * Which staff members are in the console right now. The console polls every few seconds; a
 * member counts as online while their last poll is recent and they have not switched
 * themselves to "not available". Live chat is offered only while someone is online.
 */

/** A console that has not polled for this long is gone (closed tab, lost network). */
export const ONLINE_WINDOW_MS = 45_000;

interface Seen {
  lastSeen: number;
  available: boolean;
}

export class StaffPresence {
  private readonly seen = new Map<string, Seen>();

  /** A poll from the console of `staffId`. */
  touch(staffId: string, now: Date): void {
    const current = this.seen.get(staffId);
    this.seen.set(staffId, { lastSeen: now.getTime(), available: current?.available ?? true });
  }

  setAvailable(staffId: string, available: boolean, now: Date): void {
    this.seen.set(staffId, { lastSeen: now.getTime(), available });
  }

  isAvailable(staffId: string): boolean {
    return this.seen.get(staffId)?.available ?? true;
  }

  /** The console's tab closed: gone at once, but "not available" is remembered for the next tab. */
  away(staffId: string): void {
    const current = this.seen.get(staffId);
    if (current) this.seen.set(staffId, { ...current, lastSeen: Number.NEGATIVE_INFINITY });
  }

  /** A staff member logged out: gone at once. */
  leave(staffId: string): void {
    this.seen.delete(staffId);
  }

  /** How many staff members are online and available. */
  online(now: Date): number {
    let count = 0;
    for (const [id, s] of this.seen) {
      if (now.getTime() - s.lastSeen > ONLINE_WINDOW_MS) {
        if (s.lastSeen !== Number.NEGATIVE_INFINITY) this.seen.delete(id);
      }
      else if (s.available) count++;
    }
    return count;
  }
}
