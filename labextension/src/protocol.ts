/**
 * The contract between kernelkeras' Python side and this front end, in one file:
 * every custom message, both directions, and the synced state of `LiveChartModel`,
 * as TypeScript types plus strict runtime guards that the models use to accept
 * messages (anything a guard refuses is ignored, or answered with a failure).
 *
 * The Python side declares the same types as TypedDicts with the names without the
 * `I` prefix (`LiveChartUpdate`, `LiveChartDone`, `LiveChartEvent`, `ChartStyle`,
 * `SeriesStyle`, `LineStyle`, `MarkerStyle`, `LiveChartState`, `CellWriterRequest`,
 * `CellWriterReply`). Both sides check the shared examples in
 * `tests/fixtures/messages/<Name>.json` (repository root): one file per top-level type
 * (the keys of `MESSAGE_GUARDS`), with `valid` and `invalid` examples.
 *
 * The guards are as strict as a TypedDict checker (typeguard): every required key
 * present, optional keys possibly absent (never `null` or `undefined` in their
 * place), no other keys, exact value types: numbers are finite JSON numbers (never
 * booleans), integers where noted, strings, booleans, the literal values listed.
 * They also check the ranges noted below (`epochs >= 1`, `initial_epoch >= 0`), which
 * a TypedDict cannot express: Python checks those in the traits
 * (`traitlets.Int(min=...)`). Neither checks that x and y columns have equal lengths:
 * the model draws the first min(len(x), len(y)) points of each column.
 */

/** A value of a series: `null` is "no point here" (a metric missing, NaN, inf). */
export type Value = number | null;

/** Points of several series sharing their x: `y[series][i]` is at `x[i]`. */
export interface IPoints {
  /** In epochs: batches at fractions (2.25 = a quarter into epoch 3), epoch ends at integers counted from 1. */
  x: number[];
  /** Training series by metric name (`loss`), validation ones as `val_<metric>`. */
  y: { [series: string]: Value[] };
}

/** Non-finite values, drawn as a cross at the top of the panel of `metric` (a base name). */
export interface INonfinite {
  x: number[];
  metric: string[];
}

/** kernel -> front end: appends points, and may replace the status line. */
export interface ILiveChartUpdate {
  kind: 'update';
  header?: string;
  batch?: IPoints;
  epoch?: IPoints;
  nonfinite?: INonfinite;
}

/** kernel -> front end: training is over; the final status line. Stop is disabled. */
export interface ILiveChartDone {
  kind: 'done';
  header: string;
}

/** front end -> kernel: the Stop button was clicked. */
export interface ILiveChartEvent {
  event: 'stop';
}

/** The style of the epoch-end training or validation trace (line and markers). */
export interface ISeriesStyle {
  color: string;
  width: number;
  dash: 'solid' | 'dash' | 'dot';
  /** A plotly marker symbol name (`circle`, `diamond`, ...). */
  symbol: string;
  marker_size: number;
}

/** The style of the per-batch training line. */
export interface ILineStyle {
  color: string;
  width: number;
}

/** The style of the non-finite markers. */
export interface IMarkerStyle {
  color: string;
  symbol: string;
  size: number;
}

/** The `chart_style` trait: the chart's colours and trace styles, chosen by Python. */
export interface IChartStyle {
  training: ISeriesStyle;
  validation: ISeriesStyle;
  batches: ILineStyle;
  nonfinite: IMarkerStyle;
}

/** The synced traits of `LiveChartModel` (besides ipywidgets' own `_model_name` etc.). */
export interface ILiveChartState {
  /** Base metric names in panel order, loss first. */
  metrics: string[];
  /** Panel title by base metric name; a missing one shows the metric name. */
  titles: { [metric: string]: string };
  validation: boolean;
  /** The last planned epoch, where the x axis ends: an integer >= 1. */
  epochs: number;
  /** Where the x axis starts: an integer >= 0. */
  initial_epoch: number;
  title: string;
  running: boolean;
  header: string;
  chart_style: IChartStyle;
}

/** kernel -> front end: insert a code cell below the widget's cell (and run it). */
export interface ICellWriterRequest {
  method: 'insert_cell';
  code: string;
  run: boolean;
}

/** front end -> kernel: exactly one reply per request, in request order. */
export type CellWriterReply =
  | { event: 'inserted'; ok: true }
  | { event: 'inserted'; ok: false; reason: string };

// ---- guards ------------------------------------------------------------------------

/** A runtime check that narrows `unknown` to `T`. */
export type Guard<T> = (value: unknown) => value is T;

const hasOwn = (object: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(object, key);

/** A JSON object (not null, not an array). */
function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString: Guard<string> = (value): value is string =>
  typeof value === 'string';

const isBoolean: Guard<boolean> = (value): value is boolean =>
  typeof value === 'boolean';

/** A finite number (JSON has no NaN or infinities); booleans are not numbers. */
const isNumber: Guard<number> = (value): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** An integer >= `min` (`1.5` is refused; note that JSON `1.0` parses as the integer 1). */
function isInteger(min: number): Guard<number> {
  return (value): value is number =>
    typeof value === 'number' && Number.isInteger(value) && value >= min;
}

function isLiteral<T extends string | boolean>(...values: T[]): Guard<T> {
  return (value): value is T => values.some(v => v === value);
}

function isNullable<T>(guard: Guard<T>): Guard<T | null> {
  return (value): value is T | null => value === null || guard(value);
}

function isArrayOf<T>(guard: Guard<T>): Guard<T[]> {
  return (value): value is T[] =>
    Array.isArray(value) && value.every(item => guard(item));
}

/** An object with any keys, every value passing `guard`. */
function isMapOf<T>(guard: Guard<T>): Guard<{ [key: string]: T }> {
  return (value): value is { [key: string]: T } =>
    isObject(value) && Object.keys(value).every(key => guard(value[key]));
}

/** The keys of `T` that may be absent. */
type OptionalKeys<T> = {
  [K in keyof T]-?: object extends Pick<T, K> ? K : never;
}[keyof T];

/** One guard per key of `T` (the compiler checks that none is missing). */
type Fields<T> = { [K in keyof T]-?: Guard<Exclude<T[K], undefined>> };

/**
 * A TypedDict: exactly the keys of `fields` (those in `optional` may be absent),
 * each value passing its guard.
 */
function isRecord<T>(
  fields: Fields<T>,
  optional: readonly OptionalKeys<T>[] = []
): Guard<T> {
  const names = Object.keys(fields) as (keyof T & string)[];
  const mayLack = new Set<string>(optional as readonly string[]);
  return (value): value is T => {
    if (!isObject(value)) {
      return false;
    }
    if (Object.keys(value).some(key => !hasOwn(fields, key))) {
      return false; // an extra key
    }
    return names.every(key =>
      hasOwn(value, key) ? fields[key](value[key]) : mayLack.has(key)
    );
  };
}

function isOneOf<A, B>(a: Guard<A>, b: Guard<B>): Guard<A | B> {
  return (value): value is A | B => a(value) || b(value);
}

export const isPoints: Guard<IPoints> = isRecord<IPoints>({
  x: isArrayOf(isNumber),
  y: isMapOf(isArrayOf(isNullable(isNumber)))
});

export const isNonfinite: Guard<INonfinite> = isRecord<INonfinite>({
  x: isArrayOf(isNumber),
  metric: isArrayOf(isString)
});

export const isLiveChartUpdate: Guard<ILiveChartUpdate> =
  isRecord<ILiveChartUpdate>(
    {
      kind: isLiteral('update'),
      header: isString,
      batch: isPoints,
      epoch: isPoints,
      nonfinite: isNonfinite
    },
    ['header', 'batch', 'epoch', 'nonfinite']
  );

export const isLiveChartDone: Guard<ILiveChartDone> = isRecord<ILiveChartDone>({
  kind: isLiteral('done'),
  header: isString
});

export const isLiveChartEvent: Guard<ILiveChartEvent> =
  isRecord<ILiveChartEvent>({
    event: isLiteral('stop')
  });

export const isSeriesStyle: Guard<ISeriesStyle> = isRecord<ISeriesStyle>({
  color: isString,
  width: isNumber,
  dash: isLiteral('solid', 'dash', 'dot'),
  symbol: isString,
  marker_size: isNumber
});

export const isLineStyle: Guard<ILineStyle> = isRecord<ILineStyle>({
  color: isString,
  width: isNumber
});

export const isMarkerStyle: Guard<IMarkerStyle> = isRecord<IMarkerStyle>({
  color: isString,
  symbol: isString,
  size: isNumber
});

export const isChartStyle: Guard<IChartStyle> = isRecord<IChartStyle>({
  training: isSeriesStyle,
  validation: isSeriesStyle,
  batches: isLineStyle,
  nonfinite: isMarkerStyle
});

export const isLiveChartState: Guard<ILiveChartState> =
  isRecord<ILiveChartState>({
    metrics: isArrayOf(isString),
    titles: isMapOf(isString),
    validation: isBoolean,
    epochs: isInteger(1),
    initial_epoch: isInteger(0),
    title: isString,
    running: isBoolean,
    header: isString,
    chart_style: isChartStyle
  });

export const isCellWriterRequest: Guard<ICellWriterRequest> =
  isRecord<ICellWriterRequest>({
    method: isLiteral('insert_cell'),
    code: isString,
    run: isBoolean
  });

export const isCellWriterReply: Guard<CellWriterReply> = isOneOf(
  isRecord<{ event: 'inserted'; ok: true }>({
    event: isLiteral('inserted'),
    ok: isLiteral(true)
  }),
  isRecord<{ event: 'inserted'; ok: false; reason: string }>({
    event: isLiteral('inserted'),
    ok: isLiteral(false),
    reason: isString
  })
);

/**
 * The guard of each top-level type, by its Python (TypedDict) name: each has a
 * fixture file `tests/fixtures/messages/<name>.json`.
 */
export const MESSAGE_GUARDS = {
  LiveChartUpdate: isLiveChartUpdate,
  LiveChartDone: isLiveChartDone,
  LiveChartEvent: isLiveChartEvent,
  LiveChartState: isLiveChartState,
  CellWriterRequest: isCellWriterRequest,
  CellWriterReply: isCellWriterReply
} as const;
