/** The overview's first-run panel: where mistakes come from and how to start, instead of empty cards. */
import { h, setText } from './dom';
import { commandButton, type ViewContext } from './viewContext';

export class EmptyState {
  readonly element: HTMLElement;
  private readonly text: HTMLElement;

  constructor(ctx: ViewContext) {
    const start = (label: string, command: 'recordMistake' | 'runTestsAndLearn' | 'importData', secondary: boolean): HTMLElement => commandButton(ctx, command, label, secondary);
    this.text = h('p', {});
    this.element = h(
      'section',
      { class: 'empty', attrs: { hidden: true, 'aria-labelledby': 'empty-title' } },
      h('h2', { attrs: { id: 'empty-title' }, text: 'No mistakes recorded yet' }),
      this.text,
      h(
        'ul',
        {},
        h('li', {}, h('strong', { text: 'Failing tests' }), ' — run your tests through Mistake Memory, or let it read JUnit reports your test tasks write.'),
        h('li', {}, h('strong', { text: 'Scanner and linter findings' }), ' — diagnostics in code an assistant just wrote (Semgrep, ESLint, compilers…).'),
        h('li', {}, h('strong', { text: 'Chat corrections' }), ' — when you tell an assistant it got something wrong.'),
      ),
      h('div', { class: 'empty-actions' }, start('Record a first mistake', 'recordMistake', false), start('Run tests and learn', 'runTestsAndLearn', true), start('Import…', 'importData', true)),
    );
  }

  /** Shown only while there is no pattern at all; the text says whether capture is on. */
  render(hasData: boolean, tracking: boolean): void {
    this.element.hidden = hasData;
    setText(
      this.text,
      tracking
        ? 'Capture is on. Mistakes are learned automatically from these sources, and the lessons are added to your assistants’ requests:'
        : 'Capture is paused, so nothing is being learned. Resume capture with the button above; mistakes are then learned from:',
    );
  }
}
