import type { Locale } from '../../api/core/model';
import { t } from '../texts';
import { card, heading, notice, type AdaptiveCard } from './adaptive-card';

/** A card that only says something: an action that cannot go on, a refusal, an error. */
export function noticeCard(env: { locale: Locale }, message: string, tone: 'attention' | 'warning' = 'attention'): AdaptiveCard {
  return card([heading(t(env.locale, 'appName')), notice(message, tone)]);
}
