// A Meter that keeps what it is given, for the OpenTelemetry adapter's tests: the subset of the
// API the adapter uses, recorded as plain data. (@opentelemetry/sdk-metrics is not a dependency.)

import type {
  Attributes,
  BatchObservableCallback,
  Counter,
  Gauge,
  Histogram,
  Meter,
  MetricOptions,
  Observable,
  ObservableCallback,
  UpDownCounter,
} from '@opentelemetry/api';

export type InstrumentKind = 'histogram' | 'observableCounter' | 'observableGauge';

export class FakeInstrument implements Observable, Histogram {
  readonly records: { value: number; attributes: Attributes }[] = [];

  constructor(
    readonly kind: InstrumentKind,
    readonly name: string,
    readonly options: MetricOptions | undefined,
  ) {}

  record(value: number, attributes: Attributes = {}): void {
    if (this.kind !== 'histogram') throw new Error(`record() on ${this.kind} ${this.name}`);
    this.records.push({ value, attributes });
  }

  addCallback(_callback: ObservableCallback): void {
    throw new Error('the adapter uses batch callbacks');
  }

  removeCallback(_callback: ObservableCallback): void {
    throw new Error('the adapter uses batch callbacks');
  }
}

/** One observation made in a collection. */
export interface Observation {
  readonly name: string;
  readonly value: number;
  readonly attributes: Attributes;
}

export class FakeMeter implements Meter {
  readonly instruments: FakeInstrument[] = [];
  readonly callbacks: { callback: BatchObservableCallback; observables: Observable[] }[] = [];

  createHistogram(name: string, options?: MetricOptions): Histogram {
    return this.#create('histogram', name, options);
  }

  createObservableCounter(name: string, options?: MetricOptions): Observable {
    return this.#create('observableCounter', name, options);
  }

  createObservableGauge(name: string, options?: MetricOptions): Observable {
    return this.#create('observableGauge', name, options);
  }

  createCounter(): Counter {
    throw new Error('not used by the adapter');
  }

  createGauge(): Gauge {
    throw new Error('not used by the adapter');
  }

  createUpDownCounter(): UpDownCounter {
    throw new Error('not used by the adapter');
  }

  createObservableUpDownCounter(): Observable {
    throw new Error('not used by the adapter');
  }

  addBatchObservableCallback(callback: BatchObservableCallback, observables: Observable[]): void {
    this.callbacks.push({ callback, observables: [...observables] });
  }

  removeBatchObservableCallback(
    callback: BatchObservableCallback,
    observables: Observable[],
  ): void {
    const index = this.callbacks.findIndex(
      (entry) =>
        entry.callback === callback &&
        entry.observables.length === observables.length &&
        entry.observables.every((o, i) => o === observables[i]),
    );
    if (index !== -1) this.callbacks.splice(index, 1);
  }

  /** Runs every batch callback, as a reader's collection would; checks each observation's metric. */
  async collect(): Promise<Observation[]> {
    const seen: Observation[] = [];
    for (const { callback, observables } of this.callbacks) {
      await callback({
        observe(metric, value, attributes = {}) {
          if (!observables.includes(metric)) throw new Error('observed a metric not registered');
          seen.push({ name: (metric as FakeInstrument).name, value, attributes });
        },
      });
    }
    return seen;
  }

  instrument(name: string): FakeInstrument {
    const found = this.instruments.filter((i) => i.name === name);
    if (found.length !== 1) throw new Error(`${found.length} instruments named ${name}`);
    return found[0]!;
  }

  #create(kind: InstrumentKind, name: string, options: MetricOptions | undefined): FakeInstrument {
    const instrument = new FakeInstrument(kind, name, options);
    this.instruments.push(instrument);
    return instrument;
  }
}

/** The value observed for `name` with exactly these attributes; throws when there is none. */
export function observed(
  observations: readonly Observation[],
  name: string,
  attributes: Attributes,
): number {
  const key = JSON.stringify(sorted(attributes));
  const found = observations.filter(
    (o) => o.name === name && JSON.stringify(sorted(o.attributes)) === key,
  );
  if (found.length !== 1) {
    throw new Error(`${found.length} observations of ${name} ${key}`);
  }
  return found[0]!.value;
}

function sorted(attributes: Attributes): [string, unknown][] {
  return Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : 1));
}
