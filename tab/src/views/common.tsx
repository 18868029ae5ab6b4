import { Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import { useApp } from '../context';
import { t } from '../../../api/core/i18n/text';

export function Loading() {
  const { lang } = useApp();
  return <Spinner label={t('loading', lang)} />;
}

export function Failure({ error, retry }: { error: Error; retry?: () => void }) {
  const { lang } = useApp();
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{t('errorTitle', lang)}</MessageBarTitle>
        {error.message}
      </MessageBarBody>
      {retry && <Button onClick={retry}>{t('retry', lang)}</Button>}
    </MessageBar>
  );
}
