import {
  Caption1,
  Spinner,
  Tag,
  TagPicker,
  TagPickerControl,
  TagPickerGroup,
  TagPickerInput,
  TagPickerList,
  TagPickerOption,
} from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { useApp } from '../context';
import { t } from '../../../api/core/i18n/text';
import { foldForSearch, MIN_SEARCH_LENGTH } from '../../../api/core/rules/people-search';

/** A person as a picker shows them: by name, never by id. `inStore: false`: from the tenant's directory, not yet in the app. */
export type PersonRef = { id: string; displayName: string; email?: string; jobTitle?: string; inStore?: boolean };

/** How long the picker waits after the last key before it asks (a search per pause in typing, not per key). */
export const SEARCH_DELAY_MS = 250;

/**
 * The people matching what was typed, asked of the server (GET /api/people/search) once typing pauses: the store's
 * people the actor may read and, in Teams for the quality office, the tenant's members from Entra ID. null while
 * nothing is asked (fewer than two letters) or the answer is on its way; an answer for an older text is dropped.
 */
export function usePeopleSearch(text: string, delayMs = SEARCH_DELAY_MS): { hits: PersonRef[] | null; searching: boolean } {
  const { api } = useApp();
  const [answer, setAnswer] = useState<{ text: string; hits: PersonRef[] } | null>(null);
  const q = text.trim();
  const enough = foldForSearch(q).replace(/\s+/g, '').length >= MIN_SEARCH_LENGTH;
  useEffect(() => {
    if (!enough) return;
    let live = true;
    const timer = setTimeout(() => {
      api
        .get<{ items: PersonRef[] }>(`/people/search?q=${encodeURIComponent(q)}&limit=20`)
        .then((r) => live && setAnswer({ text: q, hits: r.items }))
        .catch(() => live && setAnswer({ text: q, hits: [] }));
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, q, enough, delayMs]);
  const current = enough && answer?.text === q ? answer.hits : null;
  return { hits: current, searching: enough && current === null };
}

/**
 * The names of the people with these ids (those already chosen), read once per set of ids (GET /api/people/names,
 * 200 at a time). A person the actor may not read, or no longer in the app, shows as "unknown person", never as an id.
 */
export function usePersonNames(ids: readonly string[]): ReadonlyMap<string, PersonRef> {
  const { api } = useApp();
  const key = [...new Set(ids.filter(Boolean))].sort().join(',');
  const [names, setNames] = useState<ReadonlyMap<string, PersonRef>>(new Map());
  useEffect(() => {
    if (!key) return;
    let live = true;
    const all = key.split(',');
    void (async () => {
      const found = new Map<string, PersonRef>();
      for (let i = 0; i < all.length; i += 200) {
        try {
          const r = await api.get<{ items: PersonRef[] }>(
            `/people/names?ids=${all
              .slice(i, i + 200)
              .map(encodeURIComponent)
              .join(',')}`,
          );
          for (const p of r.items) found.set(p.id, p);
        } catch {
          // The names that could be read are shown; the others as an unknown person.
        }
      }
      if (live) setNames(found);
    })();
    return () => {
      live = false;
    };
  }, [api, key]);
  return names;
}

const NO_MATCH = '\u0000none';

/**
 * Chooses people by name (several, or at most one with `single`), searching the server as the user types; never
 * typed ids. A person picked from the tenant's directory who is not in the app yet is added to it first (only the
 * quality office is offered such people: it may add them).
 */
export function PeoplePicker({
  label,
  value,
  onChange,
  single = false,
}: {
  label: string;
  value: string[];
  onChange: (ids: string[]) => void;
  single?: boolean;
}) {
  const { lang, api } = useApp();
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<Map<string, PersonRef>>(new Map());
  const [failure, setFailure] = useState<string | null>(null);
  const known = usePersonNames(value);
  const { hits, searching } = usePeopleSearch(query);
  const name = (id: string) => picked.get(id)?.displayName ?? known.get(id)?.displayName ?? t('unnamedPerson', lang);
  const options = useMemo(() => (hits ?? []).filter((p) => !value.includes(p.id)), [hits, value]);
  const enough = foldForSearch(query).replace(/\s+/g, '').length >= MIN_SEARCH_LENGTH;

  const choose = async (id: string, selected: string[]) => {
    const hit = hits?.find((h) => h.id === id);
    if (hit && hit.inStore === false && selected.includes(id)) {
      try {
        await api.send('POST', '/people', {
          id: hit.id,
          displayName: hit.displayName,
          ...(hit.email ? { email: hit.email } : {}),
          ...(hit.jobTitle ? { jobTitle: hit.jobTitle } : {}),
        });
        setFailure(null);
      } catch (e) {
        // Added meanwhile by someone else: chosen all the same.
        if ((e as { status?: number }).status !== 409) {
          setFailure((e as Error).message);
          return;
        }
      }
    }
    if (hit) setPicked((m) => new Map(m).set(hit.id, hit));
    setQuery('');
    if (single) onChange(selected.includes(id) ? [id] : []);
    else onChange(selected);
  };

  return (
    <>
      <TagPicker
        selectedOptions={value}
        onOptionSelect={(_, d) => {
          if (d.value === NO_MATCH) return;
          void choose(d.value, d.selectedOptions);
        }}
      >
        <TagPickerControl>
          <TagPickerGroup aria-label={label}>
            {value.map((id) => (
              <Tag key={id} shape="rounded" value={id} dismissible>
                {name(id)}
              </Tag>
            ))}
          </TagPickerGroup>
          <TagPickerInput
            aria-label={label}
            placeholder={value.length && single ? undefined : t('typeName', lang)}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </TagPickerControl>
        <TagPickerList>
          {options.length ? (
            options.map((p) => (
              <TagPickerOption
                key={p.id}
                value={p.id}
                text={p.displayName}
                secondaryContent={[p.jobTitle, p.email, p.inStore === false ? t('newToApp', lang) : undefined].filter(Boolean).join(' · ') || undefined}
              >
                {p.displayName}
              </TagPickerOption>
            ))
          ) : (
            <TagPickerOption value={NO_MATCH} text={!enough ? t('typeMore', lang) : searching ? t('loading', lang) : t('noMatches', lang)}>
              {searching ? <Spinner size="extra-tiny" label={t('loading', lang)} /> : !enough ? t('typeMore', lang) : t('noMatches', lang)}
            </TagPickerOption>
          )}
        </TagPickerList>
      </TagPicker>
      {failure && <Caption1 role="alert">{failure}</Caption1>}
    </>
  );
}
