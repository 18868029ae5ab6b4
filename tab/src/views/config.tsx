import { Body1, Dropdown, Option, Title2 } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { UnitNode } from '../../../api/core/services/organisation';
import { useApp, useResource } from '../context';
import { registerTabConfig } from '../teams';
import { t } from '../../../api/core/i18n/text';
import { flatten } from './overview';
import { Failure, Loading } from './common';

/** The configuration page of a channel, group chat or meeting tab: pick the unit whose agreement it shows. */
export function ConfigPage() {
  const { lang, inTeams } = useApp();
  const tree = useResource<UnitNode[]>('/organisation/tree');
  const [unit, setUnit] = useState<{ id: string; name: string } | null>(null);
  const chosen = useRef(unit);
  chosen.current = unit;
  const config = useRef<{ setValid: (v: boolean) => void } | null>(null);
  useEffect(() => {
    if (inTeams) void registerTabConfig(() => chosen.current).then((c) => (config.current = c));
  }, [inTeams]);
  useEffect(() => config.current?.setValid(unit !== null), [unit]);
  if (tree.error) return <Failure error={tree.error} retry={tree.reload} />;
  if (!tree.data) return <Loading />;
  const all = flatten(tree.data);
  return (
    <section aria-labelledby="config-title">
      <Title2 as="h1" id="config-title">
        {t('appName', lang)}
      </Title2>
      <Body1 as="p">{t('configIntro', lang)}</Body1>
      <Dropdown
        aria-label={t('pickUnit', lang)}
        placeholder={t('pickUnit', lang)}
        value={unit?.name ?? ''}
        onOptionSelect={(_, d) => {
          const n = all.find((x) => x.node.id === d.optionValue)?.node;
          if (n) setUnit({ id: n.id, name: n.name });
        }}
      >
        {all.map(({ node, depth }) => (
          <Option key={node.id} value={node.id} text={node.name}>
            {'\u00a0'.repeat(depth * 3)}
            {node.name}
          </Option>
        ))}
      </Dropdown>
    </section>
  );
}
