import type { ServiceContext } from '../api/core/context';
import { getMeasurementCardState } from '../api/core/services/card-measurement';
import { myTasks } from '../api/core/services/my-tasks';
import { organisation, unitsOf } from '../api/core/services/organisation';
import type { AdaptiveCard } from './cards/adaptive-card';
import { measurementCard } from './cards/measurement-card';
import { tasksCard } from './cards/tasks-card';
import type { Command } from './commands';
import { agreementLink } from './deep-link';
import { md, mdLink, trusted, type Markdown } from './markdown';
import { label, lowerFirst, t, type MessageKey } from '../api/core/i18n';
import { measurementModel, tasksModel, type ViewEnv } from './views';

/**
 * What the bot answers in the personal chat, free of botbuilder: text (Teams markdown) or cards. Every
 * text is built with md`…` (bot/markdown.ts): people's names and titles are escaped, only our own texts
 * carry markup.
 */

export type Reply = { text: string } | { card: AdaptiveCard };

export type ChatEnv = ViewEnv & {
  ctx: ServiceContext;
  personId: string | null;
  displayName: string;
  /** Set when the development bot acts for a demo person; shown so nobody mistakes it for production. */
  devNote?: string;
};

/** The lines of the help reply, in order. */
const HELP_LINES = ['help.tasks', 'help.report', 'help.units', 'help.status', 'help.help'] as const;

/** One of our texts as markdown, the values placed into it (people's text) escaped. */
const say = (env: ChatEnv, key: MessageKey, params: Record<string, string | number> = {}): Markdown =>
  trusted(t(key, env.locale, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'number' ? v : md`${v}`.text]))));

const reply = (text: Markdown): Reply => ({ text: text.text });
const withDevNote = (env: ChatEnv, text: Markdown) => (env.devNote ? md`_${env.devNote}_\n\n${text}` : text);

export function welcome(env: ChatEnv): Reply[] {
  return [reply(withDevNote(env, md`${say(env, 'welcome', { name: env.displayName })}\n\n${say(env, 'welcomeNext')}`))];
}

export function help(env: ChatEnv): Reply[] {
  return [reply(withDevNote(env, md`${say(env, 'helpTitle')}\n\n${trusted(HELP_LINES.map((k) => `- ${t(k, env.locale)}`).join('\n'))}`))];
}

export async function answerCommand(env: ChatEnv, command: Command | null): Promise<Reply[]> {
  if (command === 'help') return help(env);
  if (command === null) return [reply(say(env, 'unknownCommand'))];
  if (env.personId === null) return [reply(say(env, 'unknownPerson'))];
  const personId = env.personId;
  switch (command) {
    case 'myTasks':
      return [{ card: tasksCard(tasksModel(env, await myTasks(env.ctx, personId), env.devNote)) }];
    case 'report': {
      const next = (await myTasks(env.ctx, personId)).measurements[0];
      if (!next) return [reply(say(env, 'nothingToReport'))];
      const state = await getMeasurementCardState(env.ctx, next.indicator.id, next.open[0]!.period);
      return [{ card: measurementCard(measurementModel(env, state)) }];
    }
    case 'myUnits': {
      const units = unitsOf(await organisation(env.ctx), personId);
      if (!units.length) return [reply(say(env, 'noUnits'))];
      const agreements = await env.ctx.store.listAll('agreement', { unitId: units.map((u) => u.id) });
      const lines = units.map((u) => {
        const own = agreements.filter((a) => a.unitId === u.id).sort((a, b) => b.year - a.year);
        const list = own.map(
          (a) =>
            md`${mdLink(a.title, agreementLink(env.links, a.id, { inTeams: env.inTeams, label: a.title }))} (${lowerFirst(label('agreementStatus', a.status, env.locale))})`
              .text,
        );
        return md`- **${u.name}**${trusted(list.length ? `: ${list.join(', ')}` : '')}`.text;
      });
      return [reply(md`**${say(env, 'myUnitsTitle')}**\n\n${trusted(lines.join('\n'))}`)];
    }
    case 'status': {
      const tasks = await myTasks(env.ctx, personId);
      const late = tasks.measurements.filter((m) => m.open[0]!.state === 'late').length;
      return [reply(say(env, 'statusLine', { m: tasks.measurements.length, late, s: tasks.agreementsToSubmit.length, a: tasks.agreementsToApprove.length }))];
    }
  }
}
