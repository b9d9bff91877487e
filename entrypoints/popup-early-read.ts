import { startEarlyRead } from '@/lib/popup/earlyRead';

// Loaded by popup.html as a classic script before the popup's modules (see lib/popup/earlyRead.ts).
export default defineUnlistedScript(() => startEarlyRead());
