import type { Locale } from '../../api/core/model';
import { t } from '../../api/core/i18n/text';
import { card, heading, notice, type AdaptiveCard } from './adaptive-card';

/** A card that only says something: an action that cannot go on, a refusal, an error. */
export function noticeCard(env: { locale: Locale }, message: string, tone: 'attention' | 'warning' = 'attention'): AdaptiveCard {
  return card([heading(t('appName', env.locale)), notice(message, tone)]);
}
