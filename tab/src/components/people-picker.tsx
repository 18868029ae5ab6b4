import { Tag, TagPicker, TagPickerControl, TagPickerGroup, TagPickerInput, TagPickerList, TagPickerOption } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useApp } from '../context';
import { t } from '../../../api/core/i18n/text';

export type PersonRef = { id: string; displayName: string; jobTitle?: string };

/**
 * The people the actor may see, by name: outside Teams from the store (GET /api/people, page by page, as the
 * read policy lets the actor read them). Loaded once per page that shows a picker, only `when` one is shown, and
 * at most about `max` of them; null until loaded. Should a page fail, what was read before it stays.
 */
export function usePeople({ when = true, max = Infinity }: { when?: boolean; max?: number } = {}): PersonRef[] | null {
  const { api } = useApp();
  const [people, setPeople] = useState<PersonRef[] | null>(null);
  useEffect(() => {
    if (!when) return;
    let live = true;
    void (async () => {
      const all: PersonRef[] = [];
      let cursor: string | null = null;
      try {
        do {
          const page: { items: PersonRef[]; nextCursor: string | null } = await api.get(
            `/people?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          );
          all.push(...page.items.map((p) => ({ id: p.id, displayName: p.displayName, ...(p.jobTitle ? { jobTitle: p.jobTitle } : {}) })));
          cursor = page.nextCursor;
        } while (cursor && all.length < max);
      } catch {
        // Without the directory a picker offers what was read; a person already chosen still shows.
      }
      if (live) setPeople(all.sort((a, b) => a.displayName.localeCompare(b.displayName)));
    })();
    return () => {
      live = false;
    };
  }, [api, when, max]);
  return people;
}

const NO_MATCH = '\u0000none';

/** Chooses people by name (several, or at most one with `single`); never typed ids. */
export function PeoplePicker({
  label,
  people,
  value,
  onChange,
  single = false,
}: {
  label: string;
  people: PersonRef[];
  value: string[];
  onChange: (ids: string[]) => void;
  single?: boolean;
}) {
  const { lang } = useApp();
  const [query, setQuery] = useState('');
  const name = (id: string) => people.find((p) => p.id === id)?.displayName ?? id;
  const q = query.trim().toLocaleLowerCase(lang);
  const options = people.filter((p) => !value.includes(p.id) && (!q || p.displayName.toLocaleLowerCase(lang).includes(q))).slice(0, 50);
  return (
    <TagPicker
      selectedOptions={value}
      onOptionSelect={(_, d) => {
        if (d.value === NO_MATCH) return;
        setQuery('');
        if (single) onChange(d.selectedOptions.includes(d.value) ? [d.value] : []);
        else onChange(d.selectedOptions);
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
            <TagPickerOption key={p.id} value={p.id} text={p.displayName}>
              {p.displayName}
            </TagPickerOption>
          ))
        ) : (
          <TagPickerOption value={NO_MATCH} text={t('noMatches', lang)}>
            {t('noMatches', lang)}
          </TagPickerOption>
        )}
      </TagPickerList>
    </TagPicker>
  );
}
