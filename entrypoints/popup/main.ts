import '@/lib/zodSetup';
import '@/components/theme.css';
import { startDigestPage } from '@/components/digest/startDigestPage';

// The popup: the digest of the followed feeds (components/digest). Its storage reads started before this module
// loaded (lib/popup/earlyRead.ts); its first screen is drawn before React loads (components/digest/startDigestPage.ts).
await startDigestPage('popup');
