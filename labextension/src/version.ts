/**
 * The widget module's name and version, read from `package.json`: its `version` is the
 * version of the whole project (the Python package reads it too, through
 * hatch-nodejs-version), and the ipywidgets manager assumes that a module's version is
 * its npm package's. The Python side declares `_model_module = "kernelkeras"` and a
 * `_model_module_version` range that this version must satisfy.
 *
 * `require`, not `import`: the file is outside `src/` (tsc's rootDir). webpack bundles
 * it (from `lib/`, where `../package.json` is the same file), and jest loads it.
 */
declare const require: (path: string) => unknown;

const data = require('../package.json') as { name: string; version: string };

/** The npm package's name, `kernelkeras`: the widget module's name. */
export const MODULE_NAME: string = data.name;

/** The npm package's version: `_model_module_version` / `_view_module_version`. */
export const MODULE_VERSION: string = data.version;
