// Unit tests (src/__tests__/*.spec.ts): jest + ts-jest in jsdom, as in the widget
// cookiecutter. @jupyter-widgets/* (and a few of its dependencies) ship ES modules,
// which ts-jest compiles to CommonJS as well (allowJs); everything else in
// node_modules is loaded as it is. No browser, no network.
const esModules = [
  '@jupyter-widgets',
  '@jupyterlab',
  '@lumino',
  'lib0',
  'yjs',
  'nanoid'
].join('|');

module.exports = {
  testEnvironment: 'jsdom',
  automock: false,
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'json', 'node'],
  testRegex: 'src/__tests__/.*\\.spec\\.ts$',
  testPathIgnorePatterns: ['/lib/', '/node_modules/'],
  transform: {
    '^.+\\.[jt]sx?$': [
      'ts-jest',
      {
        tsconfig: '<rootDir>/tsconfig.test.json',
        // tsc (npm run typecheck) does the type checking; jest only compiles.
        isolatedModules: true
      }
    ]
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esModules})/)`]
};
