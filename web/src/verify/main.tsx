/** Entry of verify.html: the verify page alone, without the console's providers, antd or i18next. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../public.css';
import './verify.css';
import VerifyPage from './VerifyPage';

const container = document.getElementById('root');
if (!container) throw new Error('#root missing from verify.html');

createRoot(container).render(
  <StrictMode>
    <VerifyPage />
  </StrictMode>,
);
