// The protocol's guards: the shared fixtures (tests/fixtures/messages/*.json at the
// repository root, which the Python side checks with typeguard too) and the rules a
// TypedDict cannot express.

import * as fs from 'fs';
import * as path from 'path';

import {
  isCellWriterReply,
  isChartStyle,
  isLineStyle,
  isLiveChartDone,
  isLiveChartEvent,
  isLiveChartState,
  isLiveChartUpdate,
  isMarkerStyle,
  isNonfinite,
  isPoints,
  isSeriesStyle,
  MESSAGE_GUARDS
} from '../protocol';
import { FIXTURES, readFixture, STYLE } from './fixtures';

const PROTOCOL = path.resolve(__dirname, '..', 'protocol.ts');

type TypeName = keyof typeof MESSAGE_GUARDS;

/** Who sends each top-level type. */
const SENDER: { [name in TypeName]: 'kernel' | 'front end' } = {
  LiveChartUpdate: 'kernel',
  LiveChartDone: 'kernel',
  LiveChartEvent: 'front end',
  LiveChartState: 'kernel',
  CellWriterRequest: 'kernel',
  CellWriterReply: 'front end'
};

/** The types declared in protocol.ts that are parts of top-level ones (no fixture file). */
const PARTS = [
  'Value',
  'IPoints',
  'INonfinite',
  'ISeriesStyle',
  'ILineStyle',
  'IMarkerStyle',
  'IChartStyle',
  'Guard'
];

const fixtureFiles = fs
  .readdirSync(FIXTURES)
  .filter(name => name.endsWith('.json'))
  .sort();

const STATE = {
  metrics: ['loss'],
  titles: { loss: 'Loss' },
  validation: false,
  epochs: 3,
  initial_epoch: 0,
  title: '',
  running: true,
  header: '',
  chart_style: STYLE
};

describe('the message fixtures', () => {
  it('are one file per top-level type of protocol.ts', () => {
    expect(fixtureFiles).toEqual(
      Object.keys(MESSAGE_GUARDS)
        .map(name => `${name}.json`)
        .sort()
    );
  });

  it('cover every type that protocol.ts declares, or it is a part of one', () => {
    const source = fs.readFileSync(PROTOCOL, 'utf8');
    const declared = [
      ...source.matchAll(/^export (?:interface|type) (\w+)/gm)
    ].map(match => match[1]);
    const topLevel = Object.keys(MESSAGE_GUARDS);
    for (const name of declared) {
      const python = name.replace(/^I(?=[A-Z])/, '');
      expect([name, topLevel.includes(python) || PARTS.includes(name)]).toEqual(
        [name, true]
      );
    }
    // ... and every top-level name is a declared type.
    for (const name of topLevel) {
      expect(declared.filter(d => d === name || d === `I${name}`)).toHaveLength(
        1
      );
    }
  });

  describe.each(fixtureFiles)('%s', file => {
    const fixture = readFixture(file);
    const name = fixture.type as TypeName;
    const guard = MESSAGE_GUARDS[name];

    it('names its type and its sender', () => {
      const keys = Object.keys(fixture).filter(key => key !== 'comment');
      expect(keys.sort()).toEqual(['from', 'invalid', 'type', 'valid']);
      expect(`${fixture.type}.json`).toBe(file);
      expect(guard).toBeDefined();
      expect(fixture.from).toBe(SENDER[name]);
      expect(fixture.valid.length).toBeGreaterThan(0);
      expect(fixture.invalid.length).toBeGreaterThan(2);
    });

    it.each(fixture.valid.map((message, i) => [i, message]))(
      'accepts valid[%i]',
      (_, message) => {
        expect(guard(message)).toBe(true);
      }
    );

    it.each(fixture.invalid.map((message, i) => [i, message]))(
      'refuses invalid[%i]',
      (_, message) => {
        expect(guard(message)).toBe(false);
      }
    );
  });
});

describe('the guards', () => {
  it('check the ranges a TypedDict cannot', () => {
    expect(isLiveChartState(STATE)).toBe(true);
    expect(isLiveChartState({ ...STATE, epochs: 0 })).toBe(false);
    expect(isLiveChartState({ ...STATE, epochs: -1 })).toBe(false);
    expect(isLiveChartState({ ...STATE, initial_epoch: -1 })).toBe(false);
    expect(isLiveChartState({ ...STATE, epochs: 1, initial_epoch: 0 })).toBe(
      true
    );
  });

  it('take no boolean for a number and no number for a boolean', () => {
    expect(isPoints({ x: [true], y: {} })).toBe(false);
    expect(isPoints({ x: [1], y: { loss: [false] } })).toBe(false);
    expect(isLiveChartState({ ...STATE, epochs: true })).toBe(false);
    expect(isLiveChartState({ ...STATE, running: 1 })).toBe(false);
    expect(isLineStyle({ color: 'red', width: true })).toBe(false);
  });

  it('take no NaN or infinity (JSON has none)', () => {
    expect(isPoints({ x: [Number.NaN], y: {} })).toBe(false);
    expect(isPoints({ x: [1], y: { loss: [Number.POSITIVE_INFINITY] } })).toBe(
      false
    );
    expect(isMarkerStyle({ color: 'red', symbol: 'x', size: Number.NaN })).toBe(
      false
    );
  });

  it('refuse an optional key that is present but undefined', () => {
    expect(isLiveChartUpdate({ kind: 'update' })).toBe(true);
    expect(isLiveChartUpdate({ kind: 'update', header: undefined })).toBe(
      false
    );
  });

  it('treat inherited names as extra keys, and allow them as series names', () => {
    expect(
      isLiveChartDone(
        JSON.parse('{"kind": "done", "header": "h", "__proto__": {}}')
      )
    ).toBe(false);
    expect(isLiveChartDone({ kind: 'done', header: 'h', toString: 'x' })).toBe(
      false
    );
    expect(
      isPoints({ x: [1], y: { constructor: [1], toString: [null] } })
    ).toBe(true);
  });

  it('check the parts of the messages and of the state', () => {
    expect(isNonfinite({ x: [1], metric: ['loss'] })).toBe(true);
    expect(isNonfinite({ x: [1], metric: ['loss'], y: [1] })).toBe(false);
    expect(isChartStyle(STYLE)).toBe(true);
    expect(isChartStyle({ ...STYLE, extra: STYLE.batches })).toBe(false);
    expect(isSeriesStyle(STYLE.training)).toBe(true);
    expect(isSeriesStyle({ ...STYLE.training, dash: 'longdash' })).toBe(false);
    expect(isSeriesStyle({ ...STYLE.training, marker_size: 6.5 })).toBe(true);
  });

  it('accept exactly the two kinds of reply', () => {
    expect(isCellWriterReply({ event: 'inserted', ok: true })).toBe(true);
    expect(
      isCellWriterReply({ event: 'inserted', ok: false, reason: 'no' })
    ).toBe(true);
    expect(
      isCellWriterReply({ event: 'inserted', ok: true, reason: 'no' })
    ).toBe(false);
    expect(isCellWriterReply({ event: 'inserted', ok: false })).toBe(false);
    expect(isLiveChartEvent({ event: 'stop' })).toBe(true);
  });

  it('refuse what is not an object', () => {
    for (const value of [
      null,
      undefined,
      'update',
      3,
      true,
      [],
      [{ kind: 'done', header: '' }]
    ]) {
      for (const guard of Object.values(MESSAGE_GUARDS)) {
        expect(guard(value)).toBe(false);
      }
    }
  });
});
