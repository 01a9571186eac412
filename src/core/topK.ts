/**
 * Bounded min-heap on score: keeps the k best of a stream in O(n log k). Items are numbers (slots,
 * document numbers) so the hot loops of the vector and lexical indexes allocate nothing per offer.
 */
export class TopK {
  private readonly slots: number[] = [];
  private readonly scores: number[] = [];
  constructor(readonly k: number) {}

  offer(slot: number, score: number): void {
    const n = this.slots.length;
    if (n < this.k) {
      this.slots.push(slot);
      this.scores.push(score);
      this.up(n);
    } else if (this.k > 0 && score > this.scores[0]) {
      this.slots[0] = slot;
      this.scores[0] = score;
      this.down(0);
    }
  }

  sorted(): Array<{ slot: number; score: number }> {
    return this.slots
      .map((slot, i) => ({ slot, score: this.scores[i] }))
      .sort((a, b) => b.score - a.score || a.slot - b.slot);
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.scores[p] <= this.scores[i]) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const n = this.slots.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.scores[l] < this.scores[m]) m = l;
      if (r < n && this.scores[r] < this.scores[m]) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    [this.slots[a], this.slots[b]] = [this.slots[b], this.slots[a]];
    [this.scores[a], this.scores[b]] = [this.scores[b], this.scores[a]];
  }
}
