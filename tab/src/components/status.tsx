import { Badge, type BadgeProps } from '@fluentui/react-components';
import {
  CheckmarkCircle16Regular,
  Circle16Regular,
  DismissCircle16Regular,
  ErrorCircle16Regular,
  Warning16Regular,
  ArrowSync16Regular,
  Clock16Regular,
  Document16Regular,
  LockClosed16Regular,
} from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { label, localText, t, type Locale } from '../../../api/core/i18n/text';
import type { FulfilmentStep } from '../../../api/core/model';

type Look = { color: BadgeProps['color']; icon: ReactElement };

const LOOKS: Record<string, Look> = {
  // goals
  not_started: { color: 'informative', icon: <Circle16Regular /> },
  on_track: { color: 'success', icon: <CheckmarkCircle16Regular /> },
  at_risk: { color: 'warning', icon: <Warning16Regular /> },
  off_track: { color: 'danger', icon: <ErrorCircle16Regular /> },
  achieved: { color: 'success', icon: <CheckmarkCircle16Regular /> },
  not_achieved: { color: 'danger', icon: <DismissCircle16Regular /> },
  cancelled: { color: 'subtle', icon: <DismissCircle16Regular /> },
  partly_achieved: { color: 'warning', icon: <Warning16Regular /> },
  not_followed_up: { color: 'subtle', icon: <Circle16Regular /> },
  // actions
  planned: { color: 'informative', icon: <Clock16Regular /> },
  in_progress: { color: 'brand', icon: <ArrowSync16Regular /> },
  done: { color: 'success', icon: <CheckmarkCircle16Regular /> },
  // agreements
  draft: { color: 'informative', icon: <Document16Regular /> },
  submitted: { color: 'warning', icon: <Clock16Regular /> },
  approved: { color: 'success', icon: <LockClosed16Regular /> },
  in_effect: { color: 'success', icon: <CheckmarkCircle16Regular /> },
  year_end: { color: 'brand', icon: <ArrowSync16Regular /> },
  closed: { color: 'subtle', icon: <LockClosed16Regular /> },
  // indicator track
  no_target: { color: 'subtle', icon: <Circle16Regular /> },
  no_data: { color: 'subtle', icon: <Circle16Regular /> },
};

/** A status shown with icon and text, never colour alone (WCAG 2.1 AA). */
export function StatusBadge({ group, value, lang }: { group: 'goalStatus' | 'actionStatus' | 'agreementStatus' | 'track'; value: string; lang: Locale }) {
  const look = LOOKS[value] ?? { color: 'informative', icon: <Circle16Regular /> };
  const key = group === 'track' && value === 'on_track' ? 'on_track' : value;
  return (
    <Badge appearance="tint" color={look.color} icon={look.icon} data-status={value}>
      {label(group, key, lang)}
    </Badge>
  );
}

/**
 * A goal's status: the step of its municipality's fulfilment scale, named as the municipality names it and
 * coloured by what the step means; "no status" while none was given.
 */
export function GoalStatusBadge({ status, scale, lang }: { status: string | null; scale: readonly FulfilmentStep[]; lang: Locale }) {
  const step = status === null ? undefined : scale.find((s) => s.key === status);
  const look = (step ? LOOKS[step.meaning] : undefined) ?? { color: 'subtle' as const, icon: <Circle16Regular /> };
  return (
    <Badge appearance="tint" color={look.color} icon={look.icon} data-status={status ?? 'none'} data-testid="goal-status">
      {status === null ? t('noStatus', lang) : step ? localText(step.name, lang) : status}
    </Badge>
  );
}

/** An indicator's step of a banded fulfilment scale (its latest value against the target's percentage bands). */
export function StepBadge({ step, lang }: { step: FulfilmentStep; lang: Locale }) {
  const look = LOOKS[step.meaning] ?? { color: 'informative' as const, icon: <Circle16Regular /> };
  return (
    <Badge appearance="tint" color={look.color} icon={look.icon} data-status={step.key} data-testid="indicator-step">
      {localText(step.name, lang)}
    </Badge>
  );
}
