// ESLint: typescript-eslint's recommended rules, React's rules of hooks, and the boundary that keeps the pure core
// (parsing, URLs, matching, the digest) free of browser APIs, so it runs and is tested anywhere. `npm run lint`.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const BROWSER_APIS = 'The pure core runs without a browser: pass what it needs in from lib/store, lib/sync or a page.';

export default tseslint.config(
  {
    ignores: [
      '.output/',
      '.wxt/',
      'node_modules/',
      'test-results/',
      'tests/fixtures/',
      'tests/e2e/artifacts/',
      'public/',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a value left out on purpose (a destructured field dropped from a copy).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // zod/mini only: classic zod is 23 KB gzipped in every page that imports it (its schemas do not tree-shake), and
    // the popup's first paint cannot afford it (issue 14). Schemas are shared by the background and the pages.
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'zod', message: "Use `import { z } from 'zod/mini'` (see lib/zodSetup.ts)." }] },
      ],
    },
  },
  {
    // React code only: the e2e tests' `useE2E()` is a vitest fixture, not a hook.
    files: ['components/**/*.{ts,tsx}', 'entrypoints/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Plain JavaScript: Node scripts, and the e2e engine that runs inside a page.
    files: ['**/*.{js,mjs}'],
    languageOptions: {
      globals: Object.fromEntries(
        ['console', 'process', 'document', 'window', 'Node', 'CSS', 'getComputedStyle'].map((name) => [
          name,
          'readonly',
        ]),
      ),
    },
  },
  {
    files: ['lib/feed/**/*.ts', 'lib/net/**/*.ts', 'lib/match/**/*.ts', 'lib/digest/**/*.ts', 'lib/format/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      // Types from the storage layer are fine (they are erased); code is not, except the pure read-mark rules.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['wxt/browser', 'webextension-polyfill', 'wxt/utils/storage'].map((name) => ({
            name,
            message: BROWSER_APIS,
          })),
          patterns: [
            {
              group: [
                '**/store/*',
                '!**/store/marks',
                '**/sync/*',
                '**/router/*',
                '**/content/*',
                '**/notify/*',
                '**/popup/*',
                '**/permissions/*',
                '**/i18n/t',
              ],
              message: BROWSER_APIS,
              allowTypeImports: true,
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'chrome', message: BROWSER_APIS },
        { name: 'browser', message: BROWSER_APIS },
      ],
    },
  },
  {
    // Every write to storage.local is announced, and pages learn of it from the announcement (lib/store/localChanges.ts):
    // the local area's change event sends each listener every value a write changes, and a refresh pass's writes
    // were a sixth of the pass when the options page took them in.
    files: ['lib/**/*.ts', 'components/**/*.{ts,tsx}', 'entrypoints/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}', 'lib/store/localChanges.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[property.name=/^(set|remove|clear)$/][object.property.name='local'][object.object.property.name='storage']",
          message:
            'Write storage.local through writeLocal/removeLocal (lib/store/localChanges.ts): pages read the notice.',
        },
        {
          selector:
            "MemberExpression[property.name='onChanged'][object.property.name='storage'], MemberExpression[property.name='onChanged'][object.property.name='local']",
          message:
            'Watch local keys with watchLocalKeys (lib/store/localChanges.ts), not the change event that sends every value.',
        },
        {
          // WXT's storage writes, and its watch of a local key (the local change event underneath).
          selector:
            "CallExpression[callee.object.name='storage'][callee.property.name=/^(setItem|setItems|removeItem|removeItems|clear|setMeta|removeMeta|restoreSnapshot)$/], CallExpression[callee.object.name='storage'][callee.property.name='watch'][arguments.0.value=/^local:/]",
          message:
            'Write and watch local keys through lib/store/localChanges.ts or a validated item, which announce them.',
        },
        {
          // The local area under another name would write past the rules above.
          selector:
            "VariableDeclarator[init.property.name='local'][init.object.property.name='storage'], VariableDeclarator[id.type='ObjectPattern'][init.property.name='storage']",
          message: 'Name storage.local in full where it is used, so that the lint sees its writes.',
        },
      ],
    },
  },
);
