// Runs inside the extension's pages (popup, options), in both browsers: finds elements the way a person (and
// Playwright) names them, by role and accessible name, label, test id or text. The queries themselves are
// @testing-library/dom's (injected before this file, as the global TestingLibraryDom); this file only gives them
// Playwright's matching rules, so tests read the same in Chromium and Firefox.
// Plain JavaScript on purpose: it is injected as text, so nothing may be transpiled into it.
(() => {
  if (globalThis.__asb) return;
  const TL = globalThis.TestingLibraryDom;

  const normalise = (text) =>
    String(text ?? '')
      .replace(/\s+/g, ' ')
      .trim();
  /** Playwright's rule: a string matches case-insensitively as a substring, or whole when `exact`; a regex tests. */
  const matcher = (want, exact) => {
    if (want && typeof want === 'object' && 'source' in want) {
      const regex = new RegExp(want.source, want.flags);
      return (text) => regex.test(normalise(text));
    }
    const expected = normalise(want);
    return exact
      ? (text) => normalise(text) === expected
      : (text) => normalise(text).toLowerCase().includes(expected.toLowerCase());
  };
  const unique = (elements) => [...new Set(elements)];

  const step = {
    css: (root, s) => [...root.querySelectorAll(s.css)],
    testId: (root, s) => [...root.querySelectorAll(`[data-testid="${CSS.escape(s.testId)}"]`)],
    role: (root, s) => {
      const options = {};
      if (s.name !== undefined) {
        const test = matcher(s.name, s.exact);
        options.name = (name) => test(name);
      }
      if (s.pressed !== undefined) options.pressed = s.pressed;
      if (s.checked !== undefined) options.checked = s.checked;
      return TL.queryAllByRole(root, s.role, options);
    },
    label: (root, s) => {
      const test = matcher(s.label, s.exact);
      const byLabel = TL.queryAllByLabelText(root, (content) => test(content), { exact: false });
      const byAria = [...root.querySelectorAll('[aria-label]')].filter((el) => test(el.getAttribute('aria-label')));
      return unique([...byLabel, ...byAria]);
    },
    text: (root, s) => {
      const test = matcher(s.text, s.exact);
      // The smallest elements whose text matches, as Playwright's getByText picks them.
      const candidates = [...(root.nodeType === Node.ELEMENT_NODE ? [root] : []), ...root.querySelectorAll('*')];
      const all = candidates.filter(
        (el) => !['SCRIPT', 'STYLE', 'HEAD', 'TITLE'].includes(el.tagName) && test(el.textContent),
      );
      return all.filter((el) => !all.some((other) => other !== el && el.contains(other)));
    },
    hasText: (root, s, elements) => elements.filter((el) => matcher(s.hasText, false)(el.textContent)),
    has: (root, s, elements) => elements.filter((el) => resolveFrom([el], s.has).length > 0),
    nth: (root, s, elements) => {
      const el = s.nth < 0 ? elements[elements.length + s.nth] : elements[s.nth];
      return el ? [el] : [];
    },
  };
  const filters = new Set(['hasText', 'has', 'nth']);

  function resolveFrom(roots, chain) {
    let current = roots;
    for (const s of chain) {
      const kind = Object.keys(step).find((k) => k in s);
      if (filters.has(kind)) current = step[kind](null, s, current);
      else current = unique(current.flatMap((root) => step[kind](root, s)));
    }
    return current;
  }

  const visible = (el) => {
    if (!el.isConnected) return false;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== 'hidden' && box.width > 0 && box.height > 0;
  };
  const one = (chain) => {
    const found = resolveFrom([document], chain);
    if (found.length !== 1) throw new Error(`expected one element, found ${found.length}: ${JSON.stringify(chain)}`);
    return found[0];
  };

  globalThis.__asb = {
    all: (chain) => resolveFrom([document], chain),
    one,
    count: (chain) => resolveFrom([document], chain).length,
    texts: (chain) => resolveFrom([document], chain).map((el) => el.innerText),
    visible: (chain) => {
      const found = resolveFrom([document], chain);
      return found.length > 0 && visible(found[0]);
    },
    /** Where a person would click: the element scrolled into view; null while it is not there to click. */
    clickPoint: (chain) => {
      const found = resolveFrom([document], chain);
      if (found.length !== 1 || !visible(found[0]))
        return { error: `expected one visible element, found ${found.length}` };
      const el = found[0];
      el.scrollIntoView({ block: 'center', inline: 'center' });
      const box = el.getBoundingClientRect();
      const point = { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      // Only where the element itself (or its label) would take the click, not something drawn over it.
      const hit = document.elementFromPoint(point.x, point.y);
      const takes = hit && (el.contains(hit) || hit.closest('label')?.control === el);
      return takes ? point : { error: `covered by ${hit?.outerHTML.slice(0, 80)}` };
    },
  };
})();
