/**
 * Headless Chromium (Debian's `chromium`, driven by playwright-core; no browser is downloaded)
 * taking the report's and Prometheus' screenshots.
 */
import { MissingBinaryError, resolveBinary } from '@fraudwatch/stack';
import { chromium, type Browser, type Page } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { RENDERED_SELECTOR, type StepLabel } from './report-data.js';

/** The network is closed here: without these Chromium tries to reach the internet (updates, sync). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
] as const;

/** The environment variable that points at another Chromium binary. */
export const CHROMIUM_ENV = 'FRAUDWATCH_CHROMIUM';

export const VIEWPORT = { width: 1280, height: 800 } as const;

const PAGE_TIMEOUT_MS = 30_000;

/** Prometheus' classic UI pages (Debian's build serves no other). */
export type PrometheusView = 'targets' | 'alerts';

export interface Screenshot {
  readonly file: string;
  /** The page's size in CSS pixels, which is the full-page PNG's size (device scale 1). */
  readonly width: number;
  readonly height: number;
}

export interface ReportPageCheck extends Screenshot {
  /** Console errors and uncaught exceptions while the page loaded and drew. */
  readonly consoleErrors: readonly string[];
  /** Requests to anything but the page's own file: the page must need none. */
  readonly networkRequests: readonly string[];
  /**
   * Each panel element's `data-panel-id`, `data-series`, whether it holds a drawn chart, and where
   * a time series drew its drill-step labels (CSS pixels; row 0 is the one next to the plot).
   */
  readonly panels: readonly { readonly id: number; readonly series: number; readonly charts: number; readonly stepLabels: readonly StepLabel[] }[];
}

export interface ReportBrowser {
  /** Opens the report page from disk, waits until it has drawn, and takes a full-page screenshot. */
  screenshotReport(htmlFile: string, pngFile: string): Promise<ReportPageCheck>;
  /** A full-page screenshot of `/classic/<view>`; on `alerts`, the pending and firing rules are expanded. */
  screenshotPrometheus(prometheusUrl: string, view: PrometheusView, pngFile: string): Promise<Screenshot>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Default: $FRAUDWATCH_CHROMIUM, else `chromium` on PATH. */
  readonly executablePath?: string;
}

async function chromiumPath(option: string | undefined): Promise<string> {
  const wanted = option ?? process.env[CHROMIUM_ENV] ?? 'chromium';
  try {
    return await resolveBinary(wanted);
  } catch (error) {
    if (!(error instanceof MissingBinaryError)) throw error;
    throw new Error(
      `${wanted} was not found: install it with \`sudo apt-get install -y chromium\` (or run \`bash scripts/setup.sh\`), ` +
        `or point ${CHROMIUM_ENV} at a Chromium binary`,
    );
  }
}

async function pageSize(page: Page): Promise<{ width: number; height: number }> {
  // A string, as the Node-side types know no DOM.
  return page.evaluate<{ width: number; height: number }>(
    '({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight })',
  );
}

async function screenshot(page: Page, file: string): Promise<Screenshot> {
  const size = await pageSize(page);
  await page.screenshot({ path: file, fullPage: true });
  return { file, ...size };
}

/** Launches Chromium with a fresh profile (playwright makes a temp user data dir per launch). */
export async function launchBrowser(options: LaunchOptions = {}): Promise<ReportBrowser> {
  const browser: Browser = await chromium.launch({
    executablePath: await chromiumPath(options.executablePath),
    args: [...CHROMIUM_ARGS],
    timeout: PAGE_TIMEOUT_MS,
  });

  async function withPage<T>(use: (page: Page) => Promise<T>): Promise<T> {
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    context.setDefaultTimeout(PAGE_TIMEOUT_MS);
    try {
      return await use(await context.newPage());
    } finally {
      await context.close();
    }
  }

  return {
    screenshotReport: (htmlFile, pngFile) =>
      withPage(async (page) => {
        const consoleErrors: string[] = [];
        const networkRequests: string[] = [];
        const pageUrl = pathToFileURL(htmlFile).href;
        page.on('console', (message) => {
          if (message.type() === 'error') consoleErrors.push(message.text());
        });
        page.on('pageerror', (error) => consoleErrors.push(error.message));
        page.on('request', (request) => {
          if (request.url() !== pageUrl) networkRequests.push(request.url());
        });
        await page.goto(pageUrl, { waitUntil: 'load' });
        await page.waitForSelector(RENDERED_SELECTOR);
        const panels = await page.$$eval('[data-panel-id]', (elements) =>
          elements.map((e) => ({
            id: Number(e.getAttribute('data-panel-id')),
            series: Number(e.getAttribute('data-series')),
            charts: e.querySelectorAll('.uplot canvas').length,
            stepLabels: JSON.parse(e.getAttribute('data-step-labels') ?? '[]') as StepLabel[],
          })),
        );
        return { ...(await screenshot(page, pngFile)), consoleErrors, networkRequests, panels };
      }),
    screenshotPrometheus: (prometheusUrl, view, pngFile) =>
      withPage(async (page) => {
        await page.goto(new URL(`/classic/${view}`, prometheusUrl).href, { waitUntil: 'load' });
        // The fixed navbar would be painted mid-page in a full-page screenshot, over a rule: pin it to the top.
        await page.addStyleTag({ content: '.fixed-top { position: absolute !important; }' });
        if (view === 'alerts') {
          for (const header of await page.$$('tr.alert_header.alert-danger, tr.alert_header.alert-warning')) await header.click();
        }
        return screenshot(page, pngFile);
      }),
    close: () => browser.close(),
  };
}
