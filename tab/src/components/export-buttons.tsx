import { Button, MessageBar, MessageBarBody, Toolbar, makeStyles } from '@fluentui/react-components';
import { useState } from 'react';
import { t } from '../../../api/core/i18n/text';
import { useApp } from '../context';

const FORMATS = [
  { format: 'pdf', name: 'PDF' },
  { format: 'docx', name: 'Word' },
  { format: 'html', name: 'HTML' },
] as const;

// In a side panel or on a phone the three buttons take two lines rather than pushing the page wider.
const useStyles = makeStyles({ bar: { flexWrap: 'wrap', rowGap: '4px', paddingLeft: 0, paddingRight: 0 } });

/** The file name the server gave (RFC 6266 `filename*`, else `filename`), or a fallback. */
export function attachmentName(header: string | null, fallback: string): string {
  const star = header && /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (star) return decodeURIComponent(star);
  return (header && /filename="([^"]+)"/i.exec(header)?.[1]) || fallback;
}

/**
 * "Download as PDF / Word / HTML": the agreement as a document (GET /api/agreements/{id}/export), or its meeting
 * minutes (`what` minutes: GET /api/agreements/{id}/meetings/export), fetched with the user's sign-in and saved
 * under the name the server gives it.
 */
export function ExportButtons({ agreementId, what = 'agreement' }: { agreementId: string; what?: 'agreement' | 'minutes' }) {
  const { lang, api } = useApp();
  const styles = useStyles();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const download = async (format: string) => {
    setBusy(format);
    setError(null);
    try {
      const path = `/agreements/${encodeURIComponent(agreementId)}${what === 'minutes' ? '/meetings' : ''}/export?format=${format}`;
      const res = await api.open!(path, {}, new AbortController().signal);
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
        throw new Error(body.error?.message ?? res.statusText);
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = attachmentName(res.headers.get('content-disposition'), `${agreementId}.${format}`);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <Toolbar
        aria-label={t(what === 'minutes' ? 'exportMinutesFormats' : 'exportFormats', lang)}
        className={styles.bar}
        data-testid={what === 'minutes' ? 'minutes-export-buttons' : 'export-buttons'}
      >
        {FORMATS.map((f) => (
          <Button key={f.format} disabled={busy !== null} onClick={() => void download(f.format)}>
            {t('exportAs', lang, { format: f.name })}
          </Button>
        ))}
      </Toolbar>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
