import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sleep, type Tab } from './driver';

// Locators for the extension's own pages, with the names and matching rules of Playwright's (getByRole, getByLabel,
// filter, first…), so one test body drives Chromium and Firefox alike. A locator is a description; each call
// resolves it afresh inside the page (support/inPage/engine.js). Reads return at once (tests poll them with
// expect.poll); actions wait for their one element to be there, then act through real input.

type TextMatch = string | RegExp;
type SerialMatch = string | { source: string; flags: string };
type Step =
  | { css: string }
  | { testId: string }
  | { role: string; name?: SerialMatch; exact?: boolean; pressed?: boolean; checked?: boolean }
  | { label: SerialMatch; exact?: boolean }
  | { text: SerialMatch; exact?: boolean }
  | { hasText: SerialMatch }
  | { has: Step[] }
  | { nth: number };

const serial = (match: TextMatch): SerialMatch =>
  typeof match === 'string' ? match : { source: match.source, flags: match.flags };

const require = createRequire(import.meta.url);
const ENGINE =
  readFileSync(require.resolve('@testing-library/dom/dist/@testing-library/dom.umd.min.js'), 'utf8') +
  '\n' +
  readFileSync(new URL('./inPage/engine.js', import.meta.url), 'utf8');

const ACTION_TIMEOUT = 10_000;

/** Runs one engine operation in the page, injecting the engine first where the page has none yet. */
async function inPage<R>(tab: Tab, op: string, chain: Step[], extra?: unknown): Promise<R> {
  const run = () =>
    tab.evaluate(
      ({ op, chain, extra }) => {
        const engine = (
          globalThis as unknown as { __asb?: Record<string, (chain: unknown, extra: unknown) => unknown> }
        ).__asb;
        return engine ? { value: engine[op]!(chain, extra) } : { missing: true };
      },
      { op, chain, extra },
    ) as Promise<{ value?: R; missing?: boolean }>;
  let answer = await run();
  if (answer.missing) {
    await tab.inject(ENGINE);
    answer = await run();
  }
  return answer.value as R;
}

export class Locator {
  constructor(
    readonly tab: Tab,
    readonly chain: Step[] = [],
  ) {}

  private with(step: Step) {
    return new Locator(this.tab, [...this.chain, step]);
  }

  locator(css: string) {
    return this.with({ css });
  }
  getByTestId(testId: string) {
    return this.with({ testId });
  }
  getByRole(role: string, options: { name?: TextMatch; exact?: boolean; pressed?: boolean; checked?: boolean } = {}) {
    return this.with({ role, ...options, name: options.name === undefined ? undefined : serial(options.name) });
  }
  getByLabel(label: TextMatch, options: { exact?: boolean } = {}) {
    return this.with({ label: serial(label), ...options });
  }
  getByText(text: TextMatch, options: { exact?: boolean } = {}) {
    return this.with({ text: serial(text), ...options });
  }
  filter(options: { hasText?: TextMatch; has?: Locator }) {
    const withText = options.hasText !== undefined ? this.with({ hasText: serial(options.hasText) }) : this;
    return options.has ? withText.with({ has: options.has.chain }) : withText;
  }
  first() {
    return this.with({ nth: 0 });
  }
  last() {
    return this.with({ nth: -1 });
  }
  nth(index: number) {
    return this.with({ nth: index });
  }

  // Reads.
  count() {
    return inPage<number>(this.tab, 'count', this.chain);
  }
  allInnerTexts() {
    return inPage<string[]>(this.tab, 'texts', this.chain);
  }
  isVisible() {
    return inPage<boolean>(this.tab, 'visible', this.chain);
  }
  /** Reads a property of the one element, waiting for it to be there. */
  private async read<R>(what: 'innerText' | 'attribute' | 'checked' | 'value' | 'disabled', name?: string): Promise<R> {
    await this.waitForOne();
    return this.tab.evaluate(
      ({ chain, what, name }) => {
        const el = (globalThis as unknown as { __asb: { one(chain: unknown): HTMLElement } }).__asb.one(
          chain,
        ) as HTMLInputElement;
        if (what === 'innerText') return el.innerText;
        if (what === 'attribute') return el.getAttribute(name!);
        if (what === 'checked') return el.checked ?? el.getAttribute('aria-checked') === 'true';
        if (what === 'value') return el.value;
        return el.disabled || el.getAttribute('aria-disabled') === 'true';
      },
      { chain: this.chain, what, name },
    ) as Promise<R>;
  }
  innerText() {
    return this.read<string>('innerText');
  }
  getAttribute(name: string) {
    return this.read<string | null>('attribute', name);
  }
  isChecked() {
    return this.read<boolean>('checked');
  }
  inputValue() {
    return this.read<string>('value');
  }
  isDisabled() {
    return this.read<boolean>('disabled');
  }

  /** Waits until exactly one element matches (Playwright's strictness), or fails saying what it found. */
  async waitForOne(timeout = ACTION_TIMEOUT) {
    let found = 0;
    for (const start = Date.now(); Date.now() - start < timeout; await sleep(50)) {
      found = await this.count();
      if (found === 1) return;
    }
    throw new Error(`expected one element for ${JSON.stringify(this.chain)}, found ${found}`);
  }

  // Actions, through the browser's real input.
  /**
   * Clicks the element's centre once it has stopped moving: the same point twice, 50 ms apart (as Playwright waits
   * for a stable box). A page that re-renders after the previous step (a status line appearing above) would
   * otherwise take the click somewhere the element no longer is.
   */
  async click() {
    let last = '';
    let previous: { x: number; y: number } | undefined;
    for (const start = Date.now(); Date.now() - start < ACTION_TIMEOUT; await sleep(50)) {
      const point = await inPage<{ x: number; y: number } | { error: string }>(this.tab, 'clickPoint', this.chain);
      if (!('x' in point)) {
        last = point.error;
        previous = undefined;
        continue;
      }
      if (previous && previous.x === point.x && previous.y === point.y) return this.tab.clickAt(point.x, point.y);
      last = 'it was still moving';
      previous = point;
    }
    throw new Error(`cannot click ${JSON.stringify(this.chain)}: ${last}`);
  }
  async focus() {
    await this.waitForOne();
    await this.tab.evaluate(
      (chain) => (globalThis as unknown as { __asb: { one(chain: unknown): HTMLElement } }).__asb.one(chain).focus(),
      this.chain,
    );
  }
  /** Replaces the field's text, typed as a person would. */
  async fill(text: string) {
    await this.click();
    await this.tab.evaluate(
      (chain) => (
        (globalThis as unknown as { __asb: { one(chain: unknown): HTMLInputElement } }).__asb.one(chain).select(),
        true
      ),
      this.chain,
    );
    if (text) await this.tab.type(text);
    else await this.tab.press('Backspace');
  }
  async check() {
    if (!(await this.isChecked())) await this.click();
  }
  async uncheck() {
    if (await this.isChecked()) await this.click();
  }
  /** Picks an option of a <select> by value (as Playwright does: sets it and fires input and change). */
  async selectOption(value: string) {
    await this.waitForOne();
    await this.tab.evaluate(
      ({ chain, value }) => {
        const select = (globalThis as unknown as { __asb: { one(chain: unknown): HTMLSelectElement } }).__asb.one(
          chain,
        );
        select.value = value;
        select.dispatchEvent(new Event('input', { bubbles: true }));
        select.dispatchEvent(new Event('change', { bubbles: true }));
      },
      { chain: this.chain, value },
    );
  }
  /** Chooses a file in an <input type=file>, as the file picker would hand it over. */
  async setInputFiles(file: { name: string; mimeType: string; text: string }) {
    await this.waitForOne();
    await this.tab.evaluate(
      ({ chain, file }) => {
        const input = (globalThis as unknown as { __asb: { one(chain: unknown): HTMLInputElement } }).__asb.one(chain);
        const transfer = new DataTransfer();
        transfer.items.add(new File([file.text], file.name, { type: file.mimeType }));
        input.files = transfer.files;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
      },
      { chain: this.chain, file },
    );
  }
}
