/** Stable, non-reversible short id for logs: one conversation's lines can be followed without the id itself appearing. */
import crypto from 'node:crypto';

export function pseudonymise(salt: string, id: string): string {
  return crypto.createHmac('sha256', salt).update(id).digest('hex').slice(0, 12);
}
