/** Entry of verify.html: the verify page alone, without the console's providers or antd; i18next carries `common` and `verify`. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import common from '../i18n/locales';
import { initI18n } from '../i18n/setup';
import '../public.css';
import './verify.css';
import verify from './locales';
import VerifyPage from './VerifyPage';

initI18n({ common, verify }, 'verify');

const container = document.getElementById('root');
if (!container) throw new Error('#root missing from verify.html');

createRoot(container).render(
  <StrictMode>
    <VerifyPage />
  </StrictMode>,
);
