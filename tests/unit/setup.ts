import '@/lib/zodSetup';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { installFakeExtras } from './fakeExtras';

beforeEach(() => {
  fakeBrowser.reset();
  installFakeExtras();
});
