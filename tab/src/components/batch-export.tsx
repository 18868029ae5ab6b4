import { Button, Field, MessageBar, MessageBarBody, ProgressBar } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { t } from '../../../api/core/i18n/text';
import type { BatchJob } from '../../../api/documents/batch';
import { useApp } from '../context';
import { attachmentName } from './export-buttons';

/**
 * "Download every agreement of the year as a ZIP": starts the export of the unit and every unit below it
 * (POST /api/exports), shows its progress (polled each second) and the agreements that could not be made, by name,
 * and saves the ZIP once it is done.
 */
export function BatchExport({ unitId, year }: { unitId: string; year: number }) {
  const { lang, api } = useApp();
  const [job, setJob] = useState<BatchJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = job?.state === 'running';
  useEffect(() => {
    if (!running || !job) return;
    const timer = setInterval(() => {
      api.get<BatchJob>(`/exports/${job.id}`).then(setJob, (e: Error) => setError(e.message));
    }, 1000);
    return () => clearInterval(timer);
  }, [running, job, api]);
  useEffect(() => setJob(null), [unitId, year]);

  const save = async (j: BatchJob) => {
    const res = await api.open!(j.file!, {}, new AbortController().signal);
    if (!res.ok) return setError(res.statusText);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = attachmentName(res.headers.get('content-disposition'), `${unitId}-${year}.zip`);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  return (
    <div className="no-print" data-testid="batch-export">
      <Button
        disabled={running}
        onClick={() => {
          setError(null);
          api.send<BatchJob>('POST', '/exports', { unitId, year, format: 'pdf' }).then(setJob, (e: Error) => setError(e.message));
        }}
      >
        {t('batchExport', lang, { year, format: 'PDF' })}
      </Button>
      {job && (
        <Field validationMessage={t('batchProgress', lang, { done: job.done, total: job.total })} validationState="none">
          <ProgressBar value={job.total ? job.done / job.total : 1} max={1} aria-label={t('batchProgress', lang, { done: job.done, total: job.total })} />
        </Field>
      )}
      {job && job.failed.length > 0 && (
        <MessageBar intent="warning">
          <MessageBarBody>
            {t('batchFailedList', lang, { n: job.failed.length })}
            <ul>
              {job.failed.map((f) => (
                <li key={f.agreementId}>
                  {f.unitName}: {f.message}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      {job?.state === 'done' && job.file && <Button onClick={() => void save(job)}>{t('batchDone', lang)}</Button>}
      {(error || job?.error) && (
        <MessageBar intent="error">
          <MessageBarBody>{error ?? job?.error}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
