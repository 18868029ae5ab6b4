import { Button, Caption1, Link, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useState } from 'react';
import { formatDate, t } from '../../../api/core/i18n/text';
import type { PublicationState } from '../../../api/core/services/publications';
import { useApp, useResource } from '../context';

/**
 * Whether the agreement is on the municipality's public pages, with "Publish" and "Unpublish" for those the
 * municipality lets publish (the core tells: `mayPublish`), once the agreement is approved.
 */
export function PublishPanel({ agreementId, revision }: { agreementId: string; revision: number }) {
  const { lang, api } = useApp();
  const path = `/agreements/${encodeURIComponent(agreementId)}/publication`;
  const { data, reload } = useResource<PublicationState>(`${path}?r=${revision}`);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!data) return null;
  const act = async (method: 'POST' | 'DELETE') => {
    setBusy(true);
    setError(null);
    try {
      await api.send(method, path);
      await reload();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const p = data.published;
  if (!p && !(data.mayPublish && data.publishable)) return null;
  return (
    <div data-testid="publication">
      <Caption1 block>
        {p ? (
          <>
            {t('publishedVersion', lang, { version: p.version, date: formatDate(p.at, lang) })} ·{' '}
            <Link href={p.path} target="_blank" rel="noopener">
              {t('publicLink', lang)}
            </Link>
          </>
        ) : (
          t('notPublished', lang)
        )}
      </Caption1>
      {data.mayPublish && (
        <div className="no-print">
          {data.publishable && (
            <Button disabled={busy} onClick={() => void act('POST')}>
              {p ? t('publishAgain', lang) : t('publish', lang)}
            </Button>
          )}{' '}
          {p && (
            <Button disabled={busy} onClick={() => void act('DELETE')}>
              {t('unpublish', lang)}
            </Button>
          )}
        </div>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
