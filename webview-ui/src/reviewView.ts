/**
 * The "Review" tab: low-confidence captures (chat messages the detector was unsure about) wait here,
 * excluded from injection, until the person accepts them (optionally after editing the lesson) or
 * discards them. Self-contained so app.ts only mounts it and forwards `changed` pushes.
 */
import type { VscodeTextarea } from '@vscode-elements/elements';
import { formatAgo } from '../../src/shared/dashboardModel';
import { MAX_REVIEW_LESSON_CHARS, type ReviewItem } from '../../src/shared/protocol';
import { ce, h, setChildren, setText } from './dom';
import type { HostClient } from './hostClient';
import { commandButton } from './viewContext';

type ButtonEl = HTMLElement & { disabled: boolean };
const LIMIT = 50;

export class ReviewView {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly summary: HTMLElement;
  private seq = 0;

  constructor(
    private readonly client: HostClient,
    private readonly notify: (text: string, error: boolean) => void,
    private readonly onCount: (total: number) => void,
  ) {
    this.summary = h('p', { class: 'review-summary', attrs: { role: 'status', 'aria-live': 'polite' }, text: 'Loading…' });
    this.list = h('div', { class: 'review-list' });
    this.element = h(
      'section',
      { class: 'review', attrs: { 'aria-label': 'Review queue' } },
      h('p', {
        class: 'hint',
        text: 'Chat messages the detector was unsure about. They are not injected into requests until you accept them.',
      }),
      h(
        'p',
        { class: 'hint review-opinion' },
        "With Chat: Confirm With Model on, the chat's own model confirms these first (it sees the message and the end of the previous answer), and what it confirms skips this queue. ",
        // The host runs mistakes.configureSecondOpinion: the setting, open in the Settings editor.
        commandButton({ client, showToast: notify }, 'configureSecondOpinion', 'Open the setting', true),
      ),
      this.summary,
      this.list,
    );
  }

  async refresh(): Promise<void> {
    const seq = ++this.seq;
    try {
      const { rows, total } = await this.client.request('listReview', { limit: LIMIT });
      if (seq !== this.seq) return;
      this.onCount(total);
      setText(this.summary, total === 0 ? 'Nothing to review.' : `${total} capture${total === 1 ? '' : 's'} waiting for review${total > rows.length ? ` (showing ${rows.length})` : ''}.`);
      setChildren(this.list, ...rows.map((r) => this.card(r)));
    } catch (e) {
      if (seq === this.seq) setText(this.summary, `Could not load the review queue: ${(e as Error).message}`);
    }
  }

  private card(r: ReviewItem): HTMLElement {
    const lesson = ce<VscodeTextarea>('vscode-textarea', {
      class: 'review-lesson',
      attrs: { rows: 2, resize: 'vertical', 'aria-label': `Lesson of capture ${r.id}`, maxlength: MAX_REVIEW_LESSON_CHARS },
    });
    lesson.value = r.lesson;
    const accept = this.button('Accept', false, 'accept', async () => {
      const edited = lesson.value.replace(/\s+/g, ' ').trim();
      if (!edited) {
        this.notify('The lesson cannot be empty.', true);
        return;
      }
      await this.act(r.id, 'accept', edited !== r.lesson ? edited : undefined, 'Accepted: the lesson will be used from now on.');
    });
    const discard = this.button('Discard', true, 'discard', () => this.act(r.id, 'discard', undefined, 'Discarded.'));
    return h(
      'article',
      { class: 'review-item', attrs: { 'data-id': r.id } },
      r.message ? h('blockquote', { class: 'review-message', text: r.message }) : null,
      h('label', { text: 'Lesson (edit before accepting if needed)' }),
      lesson,
      h('div', { class: 'review-meta', text: `${r.category} · ${r.model} · seen ${r.frequency}× · ${formatAgo(r.lastSeen, Date.now())}` }),
      h('div', { class: 'review-actions' }, accept, discard),
    );
  }

  private button(label: string, secondary: boolean, name: string, onClick: () => Promise<void>): ButtonEl {
    const b = ce<ButtonEl>('vscode-button', { attrs: { secondary, 'data-action': name } }, label);
    b.addEventListener('click', () => {
      if (b.disabled) return;
      b.disabled = true;
      void onClick().finally(() => {
        if (b.isConnected) b.disabled = false;
      });
    });
    return b;
  }

  private async act(id: number, action: 'accept' | 'discard', lesson: string | undefined, done: string): Promise<void> {
    try {
      const { done: ok } = await this.client.request('reviewPattern', { id, action, ...(lesson ? { lesson } : {}) });
      this.notify(ok ? done : 'That capture was already reviewed or removed.', !ok);
    } catch (e) {
      this.notify((e as Error).message, true);
    }
    await this.refresh();
  }
}
