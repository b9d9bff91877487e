import '@/lib/zodSetup';
import { createRoot } from 'react-dom/client';
import '@/components/theme.css';
import { PageBoundary } from '@/components/ErrorBoundary';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <PageBoundary>
    <App />
  </PageBoundary>,
);
