/**
 * The first row of each key seen in a file (in-file duplicates), for keys that are non-negative integers below
 * 2^53 (idKey, nameBirthKey). A Map boxes such keys (they are not small integers), about 60 bytes an entry on the
 * heap: two maps at 1M rows held ~120 MB of the importer's heap (160 MB then), and garbage collection slowed the import
 * to a third past 800k rows. Here an entry is 12 bytes in typed arrays (open addressing, linear probing), kept
 * at most three quarters full (linear probing stays short; at half full, a file just over 1M rows doubled both
 * maps to 100 MB).
 */
export class FirstRows {
  private keys: Float64Array;
  /** Row numbers; 0 marks an empty slot (rows are numbered from 1). */
  private rows: Uint32Array;
  private count = 0;

  constructor(capacity = 1 << 12) {
    this.keys = new Float64Array(capacity);
    this.rows = new Uint32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  get(key: number): number | undefined {
    const row = this.rows[this.slot(key)] as number;
    return row === 0 ? undefined : row;
  }

  has(key: number): boolean {
    return this.get(key) !== undefined;
  }

  /** Records the row of a key; a key already recorded keeps its first row. */
  set(key: number, row: number): void {
    if (row < 1) throw new RangeError('row numbers start at 1');
    const i = this.slot(key);
    if (this.rows[i] !== 0) return;
    this.keys[i] = key;
    this.rows[i] = row;
    if (++this.count * 4 > this.rows.length * 3) this.grow();
  }

  private slot(key: number): number {
    const mask = this.rows.length - 1;
    // Mix both 32-bit halves: IDs of one county share their high bits.
    let h = Math.imul((key >>> 0) ^ Math.imul(Math.floor(key / 4294967296), 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    let i = h & mask;
    while (this.rows[i] !== 0 && this.keys[i] !== key) i = (i + 1) & mask;
    return i;
  }

  private grow(): void {
    const { keys, rows } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.rows = new Uint32Array(rows.length * 2);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as number;
      if (row !== 0) {
        const j = this.slot(keys[i] as number);
        this.keys[j] = keys[i] as number;
        this.rows[j] = row;
      }
    }
  }
}
