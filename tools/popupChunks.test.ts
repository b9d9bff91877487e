import { describe, expect, it } from 'vitest';
import { popupChunks, type ModuleGraph } from './popupChunks';

/** A module graph: id → [static imports, dynamic imports]. */
function graph(modules: Record<string, [string[], string[]?]>): ModuleGraph {
  return {
    getModuleInfo: (id) =>
      modules[id] ? { importedIds: modules[id][0], dynamicallyImportedIds: modules[id][1] ?? [] } : null,
  };
}

describe('the popup’s files', () => {
  const modules = graph({
    'popup.html': [['\0preload', 'main.tsx', 'theme.css']],
    'main.tsx': [['react', 'App.tsx']],
    'App.tsx': [['react', 'shared.ts', 'PostList.tsx']],
    'PostList.tsx': [['react'], ['ArticleList.tsx']],
    'ArticleList.tsx': [['virtual', 'shared.ts']],
    'options.html': [['options.tsx']],
    'options.tsx': [['react', 'shared.ts', 'optionsOnly.ts']],
  });

  it('puts everything the first paint imports in one file, the bundler’s helpers too', () => {
    const plan = popupChunks(modules, 'popup.html');
    for (const id of ['\0preload', 'App.tsx', 'PostList.tsx', 'react', 'shared.ts', '\0rolldown/runtime.js'])
      expect(plan.get(id), id).toBe('popup-first-paint');
  });

  it('keeps the page’s own script out of it: the options page loads that file too, and would mount the popup', () => {
    expect(popupChunks(modules, 'popup.html').has('main.tsx')).toBe(false);
  });

  it('leaves what loads after the paint, styles and what only the options page uses to the bundler', () => {
    const plan = popupChunks(modules, 'popup.html');
    for (const id of ['ArticleList.tsx', 'virtual', 'theme.css', 'options.tsx', 'optionsOnly.ts'])
      expect(plan.has(id), id).toBe(false);
    expect(popupChunks(modules, 'background.ts').size).toBe(0);
  });
});
