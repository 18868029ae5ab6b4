import { assens } from './assens';
import { hoejeTaastrup } from './hoeje-taastrup';
import { oesteraaker } from './oesteraaker';
import { silkeborg } from './silkeborg';

export { assens, hoejeTaastrup, oesteraaker, silkeborg };

/** The demo organisation documents, taken from the public municipal documents in the seeds. */
export const DEMO_DOCUMENTS = [silkeborg, hoejeTaastrup, assens, oesteraaker] as const;
