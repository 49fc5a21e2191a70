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
  setupFiles: ['<rootDir>/jest.setup.js'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'json', 'node'],
  testRegex: 'src/__tests__/.*\\.spec\\.ts$',
  testPathIgnorePatterns: ['/lib/', '/node_modules/'],
  transform: {
    '^.+\\.[jt]sx?$': [
      'ts-jest',
      // tsconfig.test.json sets isolatedModules: ts-jest only compiles, each file on
      // its own (fast); `npm run typecheck` does the type checking.
      { tsconfig: '<rootDir>/tsconfig.test.json' }
    ]
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esModules})/)`]
};
