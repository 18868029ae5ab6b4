import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { pickLang } from './texts';

const lang = pickLang(new URLSearchParams(location.search).get('lang') ?? navigator.language);
document.documentElement.lang = lang;
createRoot(document.getElementById('root')!).render(
  <FluentProvider theme={webLightTheme}>
    <App lang={lang} />
  </FluentProvider>,
);
