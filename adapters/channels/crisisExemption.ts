/**
 * The crisis exemption, the same for every channel: a message whose words express a crisis (in
 * any language) is never rate limited — the crisis numbers must always go out.
 */
import type { ActivityJson } from '../../bot/core/contracts';
import type { Knowledge } from '../../bot/knowledge';
import { isCrisisMessage } from '../../bot/signals/crisis';

export function crisisExemption(knowledge: () => Knowledge): (activity: ActivityJson) => boolean {
  return (activity) => typeof activity.text === 'string' && isCrisisMessage(knowledge(), activity.text);
}
