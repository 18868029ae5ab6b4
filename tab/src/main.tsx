import { createRoot } from 'react-dom/client';
import { App } from './app';
import { pickLocale } from '../../api/core/i18n/text';
import { detectHost } from './teams';

async function start() {
  const search = new URLSearchParams(location.search);
  const host = await detectHost(search);
  const lang = pickLocale(search.get('lang') ?? host.locale);
  document.documentElement.lang = lang;
  createRoot(document.getElementById('root')!).render(<App host={host} lang={lang} />);
}
void start();
