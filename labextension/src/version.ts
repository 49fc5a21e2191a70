/**
 * The widget module's name and version, as the Python side declares them
 * (`_model_module = "kernelkeras"`, `_model_module_version = "^0.1.0"`).
 */
export const MODULE_NAME = 'kernelkeras';
export const MODULE_VERSION = '0.1.0';
