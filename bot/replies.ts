import type { ServiceContext } from '../api/core/context';
import { getMeasurementCardState } from '../api/core/services/card-measurement';
import { myTasks, unitsOf } from '../api/core/services/my-tasks';
import type { AdaptiveCard } from './cards/adaptive-card';
import { measurementCard } from './cards/measurement-card';
import { tasksCard } from './cards/tasks-card';
import type { Command } from './commands';
import { agreementLink } from './deep-link';
import { agreementStatusName, helpLines, t } from './texts';
import { measurementModel, tasksModel, type ViewEnv } from './views';

/** What the bot answers in the personal chat, free of botbuilder: text (Teams markdown) or cards. */

export type Reply = { text: string } | { card: AdaptiveCard };

export type ChatEnv = ViewEnv & {
  ctx: ServiceContext;
  personId: string | null;
  displayName: string;
  /** Set when the development bot acts for a demo person; shown so nobody mistakes it for production. */
  devNote?: string;
};

const withDevNote = (env: ChatEnv, text: string) => (env.devNote ? `_${env.devNote}_\n\n${text}` : text);

export function welcome(env: ChatEnv): Reply[] {
  return [{ text: withDevNote(env, `${t(env.locale, 'welcome', { name: env.displayName })}\n\n${t(env.locale, 'welcomeNext')}`) }];
}

export function help(env: ChatEnv): Reply[] {
  return [{ text: withDevNote(env, `${t(env.locale, 'helpTitle')}\n\n${helpLines(env.locale).map((l) => `- ${l}`).join('\n')}`) }];
}

export async function answerCommand(env: ChatEnv, command: Command | null): Promise<Reply[]> {
  if (command === 'help') return help(env);
  if (command === null) return [{ text: t(env.locale, 'unknownCommand') }];
  if (env.personId === null) return [{ text: t(env.locale, 'unknownPerson') }];
  const personId = env.personId;
  switch (command) {
    case 'myTasks':
      return [{ card: tasksCard(tasksModel(env, await myTasks(env.ctx, personId), env.devNote)) }];
    case 'report': {
      const next = (await myTasks(env.ctx, personId)).measurements[0];
      if (!next) return [{ text: t(env.locale, 'nothingToReport') }];
      const state = await getMeasurementCardState(env.ctx, next.indicator.id, next.open[0]!.period);
      return [{ card: measurementCard(measurementModel(env, state)) }];
    }
    case 'myUnits': {
      const units = unitsOf(await env.ctx.store.listAll('unit', {}), personId);
      if (!units.length) return [{ text: t(env.locale, 'noUnits') }];
      const agreements = await env.ctx.store.listAll('agreement', { unitId: units.map((u) => u.id) });
      const lines = units.map((u) => {
        const own = agreements.filter((a) => a.unitId === u.id).sort((a, b) => b.year - a.year);
        const list = own.map((a) => `[${a.title}](${agreementLink(env.links, a.id, { inTeams: env.inTeams, label: a.title })}) (${agreementStatusName(env.locale, a.status)})`);
        return `- **${u.name}**${list.length ? `: ${list.join(', ')}` : ''}`;
      });
      return [{ text: `**${t(env.locale, 'myUnitsTitle')}**\n\n${lines.join('\n')}` }];
    }
    case 'status': {
      const tasks = await myTasks(env.ctx, personId);
      const late = tasks.measurements.filter((m) => m.open[0]!.state === 'late').length;
      return [
        {
          text: t(env.locale, 'statusLine', { m: tasks.measurements.length, late, s: tasks.agreementsToSubmit.length, a: tasks.agreementsToApprove.length }),
        },
      ];
    }
  }
}
