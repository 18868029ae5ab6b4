import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles, tokens } from '@fluentui/react-components';
import { t, type Locale } from '../../../api/core/i18n/text';

const useStyles = makeStyles({
  columns: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '12px', marginTop: '8px' },
  box: {
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '8px',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
});

/** When someone else saved first: both versions side by side, and the user chooses. Nothing is overwritten silently. */
export function ConflictDialog(props: { lang: Locale; mine: string; theirs: string; onKeepMine: () => void; onTakeTheirs: () => void }) {
  const styles = useStyles();
  const { lang } = props;
  return (
    <Dialog open modalType="alert">
      <DialogSurface aria-describedby="conflict-text">
        <DialogBody>
          <DialogTitle>{t('conflictTitle', lang)}</DialogTitle>
          <DialogContent>
            <p id="conflict-text">{t('conflictText', lang)}</p>
            <div className={styles.columns}>
              <section aria-label={t('yourVersion', lang)}>
                <strong>{t('yourVersion', lang)}</strong>
                <div className={styles.box} data-testid="conflict-mine">
                  {props.mine}
                </div>
              </section>
              <section aria-label={t('theirVersion', lang)}>
                <strong>{t('theirVersion', lang)}</strong>
                <div className={styles.box} data-testid="conflict-theirs">
                  {props.theirs}
                </div>
              </section>
            </div>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={props.onKeepMine}>
              {t('keepMine', lang)}
            </Button>
            <Button onClick={props.onTakeTheirs}>{t('takeTheirs', lang)}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
