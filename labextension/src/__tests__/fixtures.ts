// The shared message fixtures (tests/fixtures/messages/*.json at the repository root),
// which the Python side checks too, and the chart style Python sends: the first valid
// LiveChartState's chart_style, which tests/unit/test_protocols.py keeps equal to
// kernelkeras.plot.chart_style() (so these tests never hold a copy of the colours).

import * as fs from 'fs';
import * as path from 'path';

import { IChartStyle } from '../protocol';

const ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'messages');

export interface IFixture {
  type: string;
  from: string;
  comment?: string;
  valid: unknown[];
  invalid: unknown[];
}

export function readFixture(file: string): IFixture {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
}

/** The chart style the kernel sends (kernelkeras/plot/_style.py). */
export const STYLE = (
  readFixture('LiveChartState.json').valid[0] as { chart_style: IChartStyle }
).chart_style;
