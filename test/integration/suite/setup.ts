// Must be evaluated before the suites: it defines describe/it.
import 'mocha/mocha';

export interface BrowserMocha {
  setup(options: { ui: 'bdd'; reporter: string; color: boolean; timeout: number }): void;
  run(done?: (failures: number) => void): { on(event: 'pass' | 'fail' | 'end', fn: () => void): void };
}

export const browserMocha = (globalThis as unknown as { mocha: BrowserMocha }).mocha;
browserMocha.setup({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
