import { expect, Page, test } from '@playwright/test';

/**
 * What every page of the portal must get right, checked in the browser:
 * no sideways scrolling of the page or of a table, no word broken in the
 * middle in a table header or cell, no raw entity ref (`group:default/x`) as
 * visible text, no error message shown twice, no console error.
 *
 *   const consoleErrors = watchConsole(page);
 *   await page.goto('/services');
 *   await expectPageQuality(page, consoleErrors);
 */

/** The two widths the pages are checked at. */
export const VIEWPORTS = [
  { name: '1280', width: 1280, height: 800 },
  { name: '1920', width: 1920, height: 1080 },
] as const;

/** Runs `body` once per viewport, as a test step named after the width. */
export async function atEachViewport(
  page: Page,
  body: (viewport: (typeof VIEWPORTS)[number]) => Promise<void>,
) {
  for (const viewport of VIEWPORTS) {
    await test.step(`at ${viewport.width}×${viewport.height}`, async () => {
      await page.setViewportSize(viewport);
      await body(viewport);
    });
  }
}

export interface ConsoleWatch {
  /** Console errors and uncaught exceptions seen since the last `take()`. */
  take(): string[];
}

/**
 * Records console errors and uncaught page errors from now on. React warnings
 * (printed with console.error in development, and some libraries' warnings)
 * count as errors too.
 */
export function watchConsole(page: Page): ConsoleWatch {
  let seen: string[] = [];
  page.on('console', message => {
    if (message.type() === 'error') {
      const location = message.location();
      seen.push(
        `${message.text()}${location.url ? ` (${location.url})` : ''}`.slice(
          0,
          600,
        ),
      );
    }
  });
  page.on('pageerror', error => {
    seen.push(`uncaught: ${error.message}`.slice(0, 600));
  });
  return {
    take() {
      const result = seen;
      seen = [];
      return result;
    },
  };
}

/** The kinds a raw entity ref can name. */
const REF_KINDS =
  'component|group|user|system|domain|api|resource|template|location';
const RAW_REF = new RegExp(
  `\\b(?:${REF_KINDS}):(?:[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*`,
  'gi',
);

/** Raw entity refs in the visible text of the main content. */
export async function rawRefs(page: Page): Promise<string[]> {
  const text = await page.locator('main').first().innerText();
  return [...new Set(text.match(RAW_REF) ?? [])];
}

/**
 * Elements of the main content wider than their box and scrolled sideways:
 * the page itself, or a container (a table's wrapper) with a horizontal
 * scrollbar. Returns a description of each.
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) {
      found.push(
        `the page is ${root.scrollWidth}px wide in a ${root.clientWidth}px window`,
      );
    }
    const main = document.querySelector('main');
    if (!main) return found;
    for (const element of [main, ...Array.from(main.querySelectorAll('*'))]) {
      const el = element as HTMLElement;
      if (el.scrollWidth <= el.clientWidth + 1 || el.clientWidth === 0) {
        continue;
      }
      const style = getComputedStyle(el);
      const scrolls = ['auto', 'scroll'].includes(style.overflowX);
      // Hidden overflow that cuts content off is as bad as a scrollbar for
      // tables; text with an ellipsis is deliberate and allowed.
      const cuts =
        style.overflowX === 'hidden' &&
        style.textOverflow !== 'ellipsis' &&
        el.querySelector('table, th, td') !== null;
      if (scrolls || cuts || el === main) {
        const name =
          el.getAttribute('aria-label') ||
          el.id ||
          (typeof el.className === 'string'
            ? el.className.split(' ')[0]
            : '') ||
          el.tagName.toLowerCase();
        found.push(
          `${el.tagName.toLowerCase()} "${name}" is ${
            el.scrollWidth
          }px wide in ${el.clientWidth}px (overflow-x ${style.overflowX})`,
        );
      }
    }
    return found;
  });
}

/**
 * Words broken across lines in the middle, in table headers and cells (and
 * any other element `selector` names): a word is a run of characters without
 * whitespace; a break after `-`, `/`, `_`, `.`, `@` or `:` is allowed.
 */
export async function midWordBreaks(
  page: Page,
  selector = 'main th, main td',
): Promise<string[]> {
  return page.evaluate(sel => {
    const found: string[] = [];
    const breakable = new Set(['-', '/', '_', '.', '@', ':', ',']);
    const range = document.createRange();
    const lineOf = (node: Text, index: number) => {
      range.setStart(node, index);
      range.setEnd(node, index + 1);
      const rects = range.getClientRects();
      return rects.length ? Math.round(rects[0].top) : undefined;
    };
    for (const cell of Array.from(document.querySelectorAll(sel))) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node as Text;
        const value = text.data;
        const words = value.matchAll(/\S{2,}/g);
        for (const match of words) {
          const start = match.index ?? 0;
          range.setStart(text, start);
          range.setEnd(text, start + match[0].length);
          if (range.getClientRects().length < 2) continue;
          let previous = lineOf(text, start);
          for (let i = start + 1; i < start + match[0].length; i++) {
            const line = lineOf(text, i);
            if (
              line !== undefined &&
              previous !== undefined &&
              line > previous &&
              !breakable.has(value[i - 1])
            ) {
              found.push(
                `"${match[0]}" breaks after "${value.slice(
                  start,
                  i,
                )}" in ${cell.tagName.toLowerCase()} "${(cell.textContent ?? '')
                  .trim()
                  .slice(0, 60)}"`,
              );
              break;
            }
            if (line !== undefined) previous = line;
          }
        }
      }
    }
    return found;
  }, selector);
}

/**
 * Error and warning messages shown more than once at the same time: alerts,
 * warning panels and form helper texts in error, compared by their text.
 */
export async function repeatedErrors(page: Page): Promise<string[]> {
  const texts = await page
    .locator(
      [
        'main [role="alert"]',
        'main .MuiAlert-message',
        'main .MuiFormHelperText-root.Mui-error',
        'main [class*="WarningPanel"] [class*="message"]',
      ].join(', '),
    )
    .allInnerTexts();
  const counts = new Map<string, number>();
  for (const raw of texts) {
    // An alert and its own message element are one message: count lines.
    for (const line of raw.split('\n')) {
      const text = line.trim().replace(/\s+/g, ' ');
      if (text.length < 12) continue;
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
  }
  // The same line found in an alert and in its nested .MuiAlert-message is
  // one message shown once: divide by how often the selectors nest.
  const nested = await page
    .locator('main [role="alert"] .MuiAlert-message')
    .allInnerTexts();
  for (const raw of nested) {
    for (const line of raw.split('\n')) {
      const text = line.trim().replace(/\s+/g, ' ');
      if (counts.has(text)) counts.set(text, counts.get(text)! - 1);
    }
  }
  return [...counts].filter(([, n]) => n > 1).map(([t, n]) => `${n}× ${t}`);
}

/** Server paths (absolute file system paths, file: URLs) in visible text. */
export async function serverPaths(page: Page): Promise<string[]> {
  const text = await page.locator('main').first().innerText();
  const links = await page
    .locator('main a[href^="file:"]')
    .evaluateAll(anchors => anchors.map(a => (a as HTMLAnchorElement).href));
  const paths =
    text.match(
      /(?:file:\/\/\S+|(?<![\w.])\/(?:work|home|root|tmp|var|usr|srv|opt)\/\S+)/g,
    ) ?? [];
  return [...links, ...paths];
}

/**
 * All of the above on the current page; fails the test naming each finding.
 * `allowRefs` lists raw refs a page may show on purpose (none should).
 */
/**
 * Horizontal overflow that is still there after the layout settled: a grid
 * that measures its width after the first paint (the home page's) or a
 * resize from the other viewport can overflow for a frame; an overflow that
 * lasts 3 s is reported.
 */
async function settledOverflow(page: Page): Promise<string[]> {
  let found = await horizontalOverflow(page);
  for (let i = 0; found.length > 0 && i < 6; i++) {
    await page.waitForTimeout(500);
    found = await horizontalOverflow(page);
  }
  return found;
}

export async function expectPageQuality(
  page: Page,
  consoleWatch: ConsoleWatch,
  options: { tables?: boolean; allowRefs?: string[] } = {},
) {
  const findings: string[] = [];
  findings.push(...(await settledOverflow(page)));
  if (options.tables !== false) findings.push(...(await midWordBreaks(page)));
  const refs = (await rawRefs(page)).filter(
    ref => !(options.allowRefs ?? []).includes(ref),
  );
  findings.push(...refs.map(ref => `raw entity ref shown: ${ref}`));
  findings.push(
    ...(await repeatedErrors(page)).map(
      e => `error shown more than once: ${e}`,
    ),
  );
  findings.push(
    ...(await serverPaths(page)).map(p => `server path shown: ${p}`),
  );
  findings.push(
    ...consoleWatch.take().map(message => `console error: ${message}`),
  );
  expect(findings, `page quality of ${page.url()}`).toEqual([]);
}
