import { SimulatedDependency, type VirtualClock } from '../../src/testing/index.js';

/**
 * The backend of the adaptive experiment: `workers` requests served at once, each for
 * `serviceMs` (±20 %, from a {@link SimulatedDependency}); the others wait in a FIFO queue of at
 * most `maxQueue`, beyond which a request is refused at once with a 503. It degrades when
 * overloaded: past `thrashAt` requests in the system (queued or served), every request served
 * takes longer (memory, GC, contention), up to `maxThrash` times as long, so that its throughput
 * falls below its capacity. It never learns that a client gave up: a request that waited past its
 * client's timeout is still served, work wasted. Refusing is cheap but not free when
 * `refusalCostMs` is set: each refusal takes a worker for that long (ahead of the queue) before
 * its 503 goes out, the work the SRE book's client-side throttling saves the backend.
 */
export interface OverloadedBackendOptions {
  readonly clock: VirtualClock;
  readonly random: () => number;
  readonly workers: number;
  readonly serviceMs: number;
  readonly maxQueue: number;
  readonly thrashAt: number;
  readonly maxThrash: number;
  /** Worker time a refusal costs, in ms. @default 0 (refusals are free and immediate) */
  readonly refusalCostMs?: number;
}

export class BackendRefusal extends Error {
  override readonly name = 'BackendRefusal';
  readonly status = 503;
}

interface Request {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class OverloadedBackend {
  /** Requests received, refused, and served (of which served after their client gave up). */
  received = 0;
  refused = 0;
  served = 0;
  #busy = 0;
  readonly #queue: Request[] = [];
  #head = 0;
  readonly #refusals: Request[] = [];
  readonly #dependency: SimulatedDependency;
  readonly #refusing: SimulatedDependency;
  readonly #options: OverloadedBackendOptions;

  constructor(options: OverloadedBackendOptions) {
    this.#options = options;
    this.#dependency = new SimulatedDependency({
      clock: options.clock,
      random: options.random,
      latencyMs: (random) => options.serviceMs * (0.8 + 0.4 * random()) * this.#thrash(),
    });
    this.#refusing = new SimulatedDependency({
      clock: options.clock,
      latencyMs: options.refusalCostMs ?? 0,
    });
  }

  /** Requests in the system: waiting or being served. */
  get load(): number {
    return this.#busy + this.#queue.length - this.#head;
  }

  /** One request; resolves when served, rejects with a {@link BackendRefusal} when refused. */
  call(): Promise<void> {
    this.received++;
    if (this.#queue.length - this.#head >= this.#options.maxQueue) {
      this.refused++;
      if ((this.#options.refusalCostMs ?? 0) === 0) {
        return Promise.reject(new BackendRefusal('503 Service Unavailable'));
      }
      return new Promise<void>((resolve, reject) => {
        this.#refusals.push({ resolve, reject });
        this.#next();
      });
    }
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ resolve, reject });
      this.#next();
    });
  }

  #thrash(): number {
    const { thrashAt, maxThrash, workers } = this.#options;
    const over = Math.max(0, this.load - thrashAt) / (2 * workers);
    return Math.min(maxThrash, 1 + over);
  }

  #next(): void {
    while (this.#busy < this.#options.workers && this.#refusals.length > 0) {
      const refusal = this.#refusals.shift()!;
      this.#busy++;
      void this.#refusing.call().then(() => {
        this.#busy--;
        refusal.reject(new BackendRefusal('503 Service Unavailable'));
        this.#next();
      });
    }
    while (this.#busy < this.#options.workers && this.#head < this.#queue.length) {
      const request = this.#queue[this.#head++]!;
      if (this.#head > 1_024 && this.#head * 2 > this.#queue.length) {
        this.#queue.splice(0, this.#head);
        this.#head = 0;
      }
      this.#busy++;
      void this.#dependency.call().then(() => {
        this.#busy--;
        this.served++;
        request.resolve();
        this.#next();
      });
    }
  }
}
