import { tokens } from '@fluentui/react-components';
import { AGREEMENT_STATUSES, FULFILMENTS, TRACK_STATES } from '../../../api/core/model';
import { label, t, type Locale } from '../../../api/core/i18n/text';
import type { Series } from './stacked-bars';

/** The colours of each kind of count: the theme's palette tokens, so they follow light, dark and high contrast. */
const AGREEMENT_COLOURS: Record<(typeof AGREEMENT_STATUSES)[number] | 'none', string> = {
  draft: tokens.colorPaletteYellowBackground2,
  submitted: tokens.colorPalettePeachBackground2,
  approved: tokens.colorPaletteLightTealBackground2,
  in_effect: tokens.colorPaletteGreenBackground2,
  year_end: tokens.colorPaletteLavenderBackground2,
  closed: tokens.colorPalettePlatinumBackground2,
  none: tokens.colorNeutralBackground4,
};
/** The goals' fulfilments from done well to not begun, each in its colour. */
const FULFILMENT_COLOURS: Record<(typeof FULFILMENTS)[number], string> = {
  achieved: tokens.colorPaletteDarkGreenBackground2,
  partly_achieved: tokens.colorPaletteForestBackground2,
  on_track: tokens.colorPaletteLightGreenBackground2,
  at_risk: tokens.colorPaletteMarigoldBackground2,
  off_track: tokens.colorPaletteRedBackground2,
  not_achieved: tokens.colorPaletteBerryBackground2,
  not_started: tokens.colorPalettePlatinumBackground2,
  not_followed_up: tokens.colorPaletteMinkBackground2,
  cancelled: tokens.colorNeutralBackground4,
  none: tokens.colorNeutralBackground3,
};
const TRACK_COLOURS: Record<(typeof TRACK_STATES)[number], string> = {
  on_track: tokens.colorPaletteGreenBackground2,
  off_track: tokens.colorPaletteRedBackground2,
  no_data: tokens.colorPalettePlatinumBackground2,
  no_target: tokens.colorPaletteSteelBackground2,
};

/** The kinds of count of the roll-ups in their order, with their words and colours (the dashboard, the red thread). */
export function seriesOf(lang: Locale) {
  return {
    agreements: [...AGREEMENT_STATUSES, 'none' as const].map((k) => ({
      key: k,
      label: k === 'none' ? t('agreementNone', lang) : label('agreementStatus', k, lang),
      color: AGREEMENT_COLOURS[k],
    })),
    goals: (Object.keys(FULFILMENT_COLOURS) as (typeof FULFILMENTS)[number][]).map((k) => ({
      key: k,
      label: k === 'none' ? t('noStatus', lang) : label('goalStatus', k, lang),
      color: FULFILMENT_COLOURS[k],
    })),
    indicators: TRACK_STATES.map((k) => ({ key: k, label: label('track', k, lang), color: TRACK_COLOURS[k] })),
    measurements: [
      { key: 'due', label: t('measurementsDue', lang), color: tokens.colorPaletteYellowBackground2 },
      { key: 'late', label: t('measurementsLate', lang), color: tokens.colorPaletteRedBackground2 },
    ],
  } satisfies Record<string, Series[]>;
}
