/**
 * The Patterns tab's detail pane: one pattern with its stats, fix, snippets and occurrences, the
 * actions on it (edit, archive, copy as instruction, delete, always inject) and the inline editor.
 */
import type { VscodeCheckbox, VscodeTextarea } from '@vscode-elements/elements';
import { formatAgo, formatCount, formatPercent } from '../../src/shared/dashboardModel';
import type { PatternDetail, PatternEdit } from '../../src/shared/protocol';
import { ce, type Child, h, setChildren } from './dom';
import type { ButtonEl, ViewContext } from './viewContext';

/** What the pane asks of the rest of the Patterns tab. */
export interface DetailHost {
  /** Brings the Patterns tab to the front. */
  showPatternsTab(): void;
  /** Marks the open pattern's row (none when undefined). */
  markSelected(id: number | undefined): void;
  /** Focus back on a pattern's row, or on the row that holds the roving focus. */
  focusRow(id: number | undefined): void;
  /** The pane opened or closed: the list and the pane share the width. */
  layout(open: boolean): void;
  /** A pattern was deleted: the list reloads. */
  reload(): void;
}

export class DetailView {
  readonly element: HTMLElement;
  private seq = 0;
  private editingNow = false;

  constructor(
    private readonly ctx: ViewContext,
    private readonly host: DetailHost,
  ) {
    this.element = h('aside', { class: 'detail', attrs: { 'aria-label': 'Pattern detail', hidden: true } });
  }

  /** True while the editor is open: a `changed` push must not throw away what is being typed. */
  get editing(): boolean {
    return this.editingNow;
  }

  async open(id: number, focus: boolean): Promise<void> {
    const seq = ++this.seq;
    this.ctx.setUi({ selectedId: id, tab: 'patterns' });
    this.host.showPatternsTab();
    this.host.markSelected(id);
    try {
      const detail = await this.ctx.client.request('getPattern', { id });
      if (seq !== this.seq || !this.show(detail)) return;
      if (focus) this.element.querySelector<HTMLElement>('h2')?.focus();
    } catch (e) {
      if (seq === this.seq) this.ctx.showToast(`Could not load the pattern: ${(e as Error).message}`, true);
    }
  }

  /** Renders a pattern the host sent, or closes with a note when it is gone; true when shown. */
  private show(detail: PatternDetail | null | undefined): boolean {
    if (!detail) {
      this.close(false);
      this.ctx.showToast('That pattern no longer exists.', false);
      return false;
    }
    this.editingNow = false;
    this.render(detail);
    return true;
  }

  close(restoreFocus: boolean): void {
    const id = this.ctx.ui().selectedId;
    this.seq++;
    this.editingNow = false;
    this.ctx.setUi({ selectedId: undefined });
    this.element.hidden = true;
    this.element.replaceChildren();
    this.host.layout(false);
    this.host.markSelected(undefined);
    if (restoreFocus) this.host.focusRow(id);
  }

  private button(label: string, onClick: (b: ButtonEl) => void | Promise<void>, opts: { secondary?: boolean; name?: string } = {}): ButtonEl {
    const b = ce<ButtonEl>('vscode-button', { attrs: { secondary: opts.secondary ?? true, 'data-action': opts.name } }, label);
    b.addEventListener('click', () => {
      if (b.disabled) return;
      b.disabled = true;
      void Promise.resolve(onClick(b)).finally(() => {
        if (b.isConnected) b.disabled = false;
      });
    });
    return b;
  }

  private async edit(id: number, edit: PatternEdit, done: string): Promise<void> {
    try {
      const detail = await this.ctx.client.request('updatePattern', { id, edit });
      if (this.show(detail)) this.ctx.showToast(done, false);
    } catch (e) {
      this.ctx.showToast((e as Error).message, true);
    }
  }

  private render(d: PatternDetail): void {
    const p = d.pattern;
    const now = this.ctx.overview()?.now ?? Date.now();
    this.host.layout(true);
    this.element.hidden = false;

    const back = this.button('← All patterns', () => this.close(true), { name: 'back' });
    const title = h('h2', { class: 'detail-title', text: p.description, attrs: { tabindex: -1 } });
    const badges = h(
      'div',
      { class: 'badges' },
      ...[p.category, p.severity, p.modelName, `source: ${p.source}`, p.archived ? 'archived' : '', p.alwaysInject ? 'always injected' : '']
        .filter(Boolean)
        .map((t) => ce('vscode-badge', { attrs: { variant: 'default' }, text: t })),
    );

    const stat = (label: string, value: string, title?: string): HTMLElement[] => [h('dt', { text: label }), h('dd', { text: value, attrs: { title } })];
    const stats = h(
      'dl',
      { class: 'stats' },
      ...stat('Seen', `${formatCount(p.frequency)} time${p.frequency === 1 ? '' : 's'}`),
      ...stat('First seen', formatAgo(p.firstSeen, now), new Date(p.firstSeen).toISOString()),
      ...stat('Last seen', formatAgo(p.lastSeen, now), new Date(p.lastSeen).toISOString()),
      ...stat('Injected', `${formatCount(d.effectiveness.injections)} time${d.effectiveness.injections === 1 ? '' : 's'}`),
      ...stat('Success after injection', formatPercent(d.effectiveness.successRate)),
      ...stat('Recurred after injection', formatCount(d.effectiveness.recurred)),
    );

    const section = (heading: string, ...body: Child[]): HTMLElement => h('section', { class: 'detail-section' }, h('h3', { text: heading }), ...body);
    const pre = (text: string, cls = ''): HTMLElement => h('pre', { class: `code ${cls}`, text });

    const alwaysInject = ce<VscodeCheckbox>('vscode-checkbox', { attrs: { checked: p.alwaysInject, 'data-action': 'alwaysInject' } }, 'Always inject into requests');
    alwaysInject.addEventListener('change', () => void this.edit(p.id, { alwaysInject: alwaysInject.checked }, alwaysInject.checked ? 'Will always be injected.' : 'Injected only when relevant.'));

    const actions = h(
      'div',
      { class: 'detail-actions' },
      this.button('Edit', () => this.renderEditor(d), { name: 'edit', secondary: false }),
      this.button(p.archived ? 'Unarchive' : 'Archive', () => this.edit(p.id, { archived: !p.archived }, p.archived ? 'Pattern restored.' : 'Pattern archived.'), { name: 'archive' }),
      this.button('Copy as instruction', async () => {
        try {
          await this.ctx.client.request('copyInstruction', { id: p.id });
          this.ctx.showToast('Instruction copied to the clipboard.', false);
        } catch (e) {
          this.ctx.showToast((e as Error).message, true);
        }
      }, { name: 'copy' }),
      this.button('Delete…', async () => {
        try {
          const { deleted } = await this.ctx.client.request('deletePattern', { id: p.id });
          if (deleted) {
            this.close(false);
            this.ctx.showToast('Pattern deleted.', false);
            this.host.reload();
          }
        } catch (e) {
          this.ctx.showToast((e as Error).message, true);
        }
      }, { name: 'delete' }),
      alwaysInject,
    );

    const error = [p.errorType, p.errorMessage].filter(Boolean).join(': ');
    const body: Child[] = [
      h('div', { class: 'detail-head' }, back, h('span', { class: 'detail-id', text: `Pattern #${p.id}` })),
      title,
      badges,
      actions,
      stats,
      section('Fix', p.fixDescription ? h('p', { class: 'fix', text: p.fixDescription }) : h('p', { class: 'muted', text: 'No fix recorded yet. Use Edit to add one: it is what assistants are told to do instead.' })),
      error ? section('Error', pre(error)) : null,
      p.codeSnippet ? section('Code that went wrong', pre(p.codeSnippet, 'bad')) : null,
      p.goodSnippet ? section('Corrected code', pre(p.goodSnippet, 'good')) : null,
      p.contexts.length ? section('Seen in', h('ul', { class: 'chips' }, ...p.contexts.map((c) => h('li', { text: c })))) : null,
      section(
        `Occurrences (${formatCount(p.frequency)})`,
        d.occurrences.length && d.occurrences.length < p.frequency ? h('p', { class: 'muted', text: `The ${d.occurrences.length} most recent:` }) : null,
        occurrences(d, now),
      ),
    ];
    setChildren(this.element, ...body);
  }

  private renderEditor(d: PatternDetail): void {
    const p = d.pattern;
    this.editingNow = true;
    const description = ce<VscodeTextarea>('vscode-textarea', { class: 'edit-description', attrs: { rows: 2, 'aria-label': 'Description', resize: 'vertical' } });
    description.value = p.description;
    const fix = ce<VscodeTextarea>('vscode-textarea', { class: 'edit-fix', attrs: { rows: 4, 'aria-label': 'Fix', resize: 'vertical', placeholder: 'What an assistant should do instead' } });
    fix.value = p.fixDescription ?? '';
    const form = h(
      'div',
      { class: 'editor' },
      h('label', { text: 'Description (one line an assistant can act on)' }),
      description,
      h('label', { text: 'Fix' }),
      fix,
      h(
        'div',
        { class: 'detail-actions' },
        this.button('Save', () => this.edit(p.id, { description: description.value, fixDescription: fix.value }, 'Pattern saved.'), { name: 'save', secondary: false }),
        this.button('Cancel', () => {
          this.editingNow = false;
          this.render(d);
        }, { name: 'cancel' }),
      ),
    );
    const title = this.element.querySelector('.detail-title');
    const actions = this.element.querySelector('.detail-actions');
    title?.replaceWith(form);
    actions?.remove();
    const fixSection = [...this.element.querySelectorAll('.detail-section')].find((s) => s.querySelector('h3')?.textContent === 'Fix');
    fixSection?.remove();
    description.focus();
  }
}

function occurrences(d: PatternDetail, now: number): HTMLElement {
  if (!d.occurrences.length) return h('p', { class: 'muted', text: 'No occurrence rows kept (imported pattern).' });
  return h(
    'ol',
    { class: 'occurrences' },
    ...d.occurrences.map((o) => {
      const where = o.filePath ? `${o.filePath}${o.line !== undefined ? `:${o.line}` : ''}` : 'no file';
      return h(
        'li',
        {},
        h(
          'div',
          { class: 'occ-head' },
          h('span', { class: 'occ-time', text: formatAgo(o.timestamp, now), attrs: { title: new Date(o.timestamp).toISOString() } }),
          h('span', { class: 'occ-file', text: where, attrs: { title: where } }),
          h('span', { class: 'occ-model', text: `${o.model} · ${o.source}` }),
        ),
        o.errorMessage ? h('div', { class: 'occ-error', text: o.errorMessage }) : null,
        o.generatedCode ? h('details', {}, h('summary', { text: 'Snippet (sanitized)' }), h('pre', { class: 'code', text: o.generatedCode })) : null,
      );
    }),
  );
}
